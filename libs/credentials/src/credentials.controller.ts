import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiExcludeEndpoint,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTooManyRequestsResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptsBody, Auth, AuthContext, Authenticated, JSON_LD_MEDIA_TYPES, Public, uuidParam } from '@project/platform';
import { CredentialPreferencesDto, IssuedCredentialDto } from './dto/credential.dto';
import { CredentialsService } from './credentials.service';
import { VerificationResultDto } from './dto/verification.dto';
import { CredentialVerifier } from './verification.service';

@ApiTags('credentials')
@Controller()
export class CredentialsController {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly verifier: CredentialVerifier,
  ) {}

  @Get('me/credentials')
  @Authenticated({ roles: ['learner'] })
  @ApiOkResponse({ type: [IssuedCredentialDto], description: 'The caller’s own credentials, revoked ones included' })
  mine(@Auth() auth: AuthContext): Promise<IssuedCredentialDto[]> {
    return this.credentials.mine(auth);
  }

  @Get('me/credential-preferences')
  @Authenticated({ roles: ['learner'] })
  @ApiOkResponse({ type: CredentialPreferencesDto })
  preferences(@Auth() auth: AuthContext): Promise<CredentialPreferencesDto> {
    return this.credentials.preferences(auth);
  }

  @Put('me/credential-preferences')
  @Authenticated({ roles: ['learner'] })
  @ApiOkResponse({ type: CredentialPreferencesDto, description: 'How the public verification page names the holder, from now on' })
  setPreferences(@Auth() auth: AuthContext, @Body() dto: CredentialPreferencesDto): Promise<CredentialPreferencesDto> {
    return this.credentials.setPreferences(auth, dto);
  }

  @Get('learners/:id/credentials')
  @Authenticated()
  @ApiOkResponse({
    type: [IssuedCredentialDto],
    description:
      'Every credential of the learner, revoked ones included; for the admins and jury members of a certifier whose network prepares the learner, those of that certification only',
  })
  @ApiNotFoundResponse({ description: 'Unknown learner, or one the caller may not see' })
  forLearner(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<IssuedCredentialDto[]> {
    return this.credentials.forLearner(auth, id);
  }

  @Get('credentials/:id/attestation.pdf')
  @Authenticated()
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description:
      'A block credential: the attestation de validation de bloc de compétences; a certification credential: the certificate. A4, French, with the reference and a QR code of the verification page',
  })
  @ApiNotFoundResponse({ description: 'Unknown credential, or one of a learner the caller may not see' })
  async attestation(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { reference, pdf } = await this.credentials.pdf(auth, id);
    void reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${reference}.pdf"`);
    return pdf;
  }

  @Get('credentials/:id')
  @Authenticated()
  @ApiOkResponse({
    description:
      'The signed OpenBadgeCredential (Open Badges 3.0, JSON-LD) with its DataIntegrityProof (eddsa-rdfc-2022), as signed when it was issued',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiNotFoundResponse({ description: 'Unknown credential, or one of a learner the caller may not see' })
  openBadge(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<Record<string, any>> {
    return this.credentials.openBadge(auth, id);
  }

  @Get('issuers/:organisationId')
  @Public()
  @ApiOkResponse({
    description: 'The issuer profile of an organisation with its public Ed25519 key (Multikey), once it has issued a credential',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiNotFoundResponse({ description: 'Unknown organisation, or one that never issued a credential' })
  issuer(@Param('organisationId', uuidParam('organisationId')) organisationId: string): Promise<object> {
    return this.credentials.issuerProfile(organisationId);
  }

  @Post('credentials/verify')
  @Public()
  @AcceptsBody(['application/json', ...JSON_LD_MEDIA_TYPES])
  @HttpCode(200)
  @ApiBody({
    description: 'An OpenBadgeCredential (or any VC 2.0 credential) as JSON',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiOkResponse({ type: VerificationResultDto, description: 'Which checks passed; verified only when all did' })
  @ApiUnprocessableEntityResponse({ description: 'Not a credential, or a proof of another suite than eddsa-rdfc-2022' })
  @ApiPayloadTooLargeResponse({ description: 'A body over 2 MB' })
  @ApiTooManyRequestsResponse({
    description: 'More than VERIFY_THROTTLE_PER_MINUTE checks from this address this minute (Retry-After says when)',
  })
  verify(@Req() request: FastifyRequest, @Body() credential: unknown): Promise<VerificationResultDto> {
    return this.verifier.verifyFor(request.ip, credential);
  }

  @Get('issuers/:organisationId/status-list')
  @Public()
  @ApiOkResponse({
    description: 'The signed BitstringStatusListCredential (revocation) of an organisation: a revoked credential has its bit set',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiNotFoundResponse({ description: 'Unknown organisation, or one that never issued a credential' })
  statusList(@Param('organisationId', uuidParam('organisationId')) organisationId: string): Promise<Record<string, any>> {
    return this.verifier.statusList(organisationId);
  }

  /** Outside /api: the page a printed QR code leads to. */
  @Get('verify/:id')
  @Public()
  @ApiExcludeEndpoint()
  async verificationPage(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { status, html } = await this.verifier.page(id);
    void reply.status(status).header('content-type', 'text/html; charset=utf-8');
    return html;
  }
}
