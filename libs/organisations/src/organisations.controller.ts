import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  Auth,
  AuthContext,
  Authenticated,
  OperatorAdmin,
  PageQueryDto,
  Public,
  certificationCodeParam,
  uuidParam,
} from '@project/platform';
import {
  CertifierOrganisationDto,
  CertifierProposalDto,
  CreateHabilitationDto,
  HabilitationDto,
  HabilitationPageDto,
  HabilitationQueryDto,
  LinkCertifierDto,
} from './dto/network.dto';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  CreatedOrganisationDto,
  CreateInvitationDto,
  CreateOrganisationDto,
  InvitationDto,
  OrganisationDto,
  OrganisationPageDto,
} from './dto/organisation.dto';
import { NetworkService } from './network.service';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @OperatorAdmin()
  @ApiCreatedResponse({ type: CreatedOrganisationDto, description: "The organisation and its first admin's invitation (token shown once)" })
  @ApiConflictResponse({ description: 'Another organisation has this SIRET' })
  create(@Auth() auth: AuthContext, @Body() dto: CreateOrganisationDto): Promise<CreatedOrganisationDto> {
    return this.organisations.create(auth, dto);
  }

  @Get()
  @OperatorAdmin()
  @ApiOkResponse({ type: OrganisationPageDto, description: 'Every organisation, deactivated ones included, by name' })
  list(@Query() query: PageQueryDto): Promise<OrganisationPageDto> {
    return this.organisations.list(query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ description: "Unknown, or another organisation's (only the operator admins read every organisation)" })
  get(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<OrganisationDto> {
    return this.organisations.get(auth, id);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @OperatorAdmin()
  @ApiOkResponse({ type: OrganisationDto, description: 'Its people can no longer sign in; its data is kept' })
  @ApiNotFoundResponse({ description: 'Unknown organisation' })
  @ApiUnprocessableEntityResponse({ description: "The operator's own organisation" })
  deactivate(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<OrganisationDto> {
    return this.organisations.deactivate(auth, id);
  }

  @Post(':id/invitations')
  @OperatorAdmin()
  @ApiCreatedResponse({ type: InvitationDto, description: 'A new invitation for an admin of the organisation (token shown once)' })
  @ApiNotFoundResponse({ description: 'Unknown organisation' })
  @ApiUnprocessableEntityResponse({ description: 'The organisation is deactivated' })
  invite(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string, @Body() dto: CreateInvitationDto): Promise<InvitationDto> {
    return this.organisations.invite(auth, id, dto);
  }
}

@ApiTags('organisations')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post('accept')
  @Public()
  @ApiCreatedResponse({ type: AcceptedInvitationDto, description: 'The admin account is created with this password: sign in with it' })
  @ApiNotFoundResponse({ description: 'No invitation has this token' })
  @ApiGoneResponse({ description: 'The invitation expired or was already accepted (code invitation_expired / invitation_used)' })
  @ApiConflictResponse({ description: 'The organisation already has an account with this email' })
  accept(@Body() dto: AcceptInvitationDto): Promise<AcceptedInvitationDto> {
    return this.organisations.accept(dto);
  }
}

@ApiTags('networks')
@Controller('certifications/:code/certifiers')
export class CertifiersController {
  constructor(private readonly network: NetworkService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [CertifierOrganisationDto], description: 'The organisations certifying the certification (public registry data)' })
  @ApiNotFoundResponse({ description: 'Unknown certification' })
  list(@Param('code', certificationCodeParam()) code: string): Promise<CertifierOrganisationDto[]> {
    return this.network.listCertifiers(code.toUpperCase());
  }

  @Get('proposals')
  @OperatorAdmin()
  @ApiOkResponse({
    type: [CertifierProposalDto],
    description: 'Organisations of the platform the sheet (RNCP import) names as certifiers, by SIRET or name, not linked yet',
  })
  @ApiNotFoundResponse({ description: 'Unknown certification' })
  proposals(@Param('code', certificationCodeParam()) code: string): Promise<CertifierProposalDto[]> {
    return this.network.listCertifierProposals(code.toUpperCase());
  }

  @Post()
  @HttpCode(200)
  @OperatorAdmin()
  @ApiOkResponse({ type: [CertifierOrganisationDto], description: 'The certifiers after linking (linking twice changes nothing)' })
  @ApiNotFoundResponse({ description: 'Unknown certification' })
  @ApiUnprocessableEntityResponse({ description: 'organisationId names no active organisation' })
  link(
    @Auth() auth: AuthContext,
    @Param('code', certificationCodeParam()) code: string,
    @Body() dto: LinkCertifierDto,
  ): Promise<CertifierOrganisationDto[]> {
    return this.network.linkCertifier(auth, code.toUpperCase(), dto.organisationId);
  }

  @Delete(':organisationId')
  @HttpCode(204)
  @OperatorAdmin()
  @ApiNoContentResponse({ description: 'Unlinked' })
  @ApiNotFoundResponse({ description: 'Unknown certification, or the organisation does not certify it' })
  @ApiConflictResponse({ description: 'The certifier granted habilitations for this certification' })
  async unlink(
    @Auth() auth: AuthContext,
    @Param('code', certificationCodeParam()) code: string,
    @Param('organisationId', uuidParam('organisationId')) organisationId: string,
  ): Promise<void> {
    await this.network.unlinkCertifier(auth, code.toUpperCase(), organisationId);
  }
}

@ApiTags('networks')
@Controller('habilitations')
export class HabilitationsController {
  constructor(private readonly network: NetworkService) {}

  @Post()
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: HabilitationDto })
  @ApiUnprocessableEntityResponse({
    description: 'Your organisation does not certify the certification, or no active organisation has the SIRET, or validUntil < validFrom',
  })
  @ApiConflictResponse({ description: 'The centre already holds a live habilitation for this certification over part of the period' })
  create(@Auth() auth: AuthContext, @Body() dto: CreateHabilitationDto): Promise<HabilitationDto> {
    return this.network.createHabilitation(auth, { ...dto, certificationCode: dto.certificationCode.toUpperCase() });
  }

  @Get()
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({
    type: HabilitationPageDto,
    description: 'The habilitations your organisation granted (as certifier) or holds (as centre)',
  })
  list(@Auth() auth: AuthContext, @Query() query: HabilitationQueryDto): Promise<HabilitationPageDto> {
    return this.network.listHabilitations(auth, query);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: HabilitationDto, description: 'Revoked: it authorises no new enrolment (those made stay)' })
  @ApiNotFoundResponse({ description: 'Unknown, or neither granted nor held by your organisation' })
  revoke(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<HabilitationDto> {
    return this.network.revokeHabilitation(auth, id);
  }
}
