import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, intParam, uuidParam } from '@project/platform';
import type { FastifyReply } from 'fastify';
import { JuryDecisionDto, RecordDecisionDto } from './dto/jury-decision.dto';
import { LearnerDecisionDto } from './dto/learner-decision.dto';
import {
  CreateJurySessionDto,
  JurySessionDto,
  JurySessionPageDto,
  LinkMemberAccountDto,
  ListJurySessionsQueryDto,
  RecordPresenceDto,
} from './dto/jury-session.dto';
import { MinutesSigningStatusDto, SignMinutesDto } from './dto/minutes.dto';
import { ProposalsQueryDto, SessionProposalsDto } from './dto/proposals.dto';
import { JuryDecisionsService } from './jury-decisions.service';
import { JuryMinutesService, JuryMinutesView } from './jury-minutes.service';
import { JurySessionsService } from './jury-sessions.service';

@ApiTags('juries')
@Controller('jury-sessions')
export class JurySessionsController {
  constructor(
    private readonly sessions: JurySessionsService,
    private readonly juryDecisions: JuryDecisionsService,
    private readonly minutesOf: JuryMinutesService,
  ) {}

  @Post()
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: JurySessionDto })
  @ApiUnprocessableEntityResponse({ description: 'Unknown certification, or a linked user who is not a jury member of the organisation' })
  create(@Auth() auth: AuthContext, @Body() dto: CreateJurySessionDto): Promise<JurySessionDto> {
    return this.sessions.createSession(auth, dto);
  }

  @Get()
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiOkResponse({ type: JurySessionPageDto })
  list(@Auth() auth: AuthContext, @Query() query: ListJurySessionsQueryDto): Promise<JurySessionPageDto> {
    return this.sessions.listSessions(auth, query);
  }

  @Get(':id')
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiOkResponse({ type: JurySessionDto })
  @ApiNotFoundResponse({ description: 'Unknown session, or one the caller neither administers nor sits on' })
  get(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<JurySessionDto> {
    return this.sessions.getSession(auth, id);
  }

  @Get(':id/proposals')
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiOkResponse({ type: SessionProposalsDto })
  proposals(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ProposalsQueryDto,
  ): Promise<SessionProposalsDto> {
    return this.sessions.proposals(auth, id, query);
  }

  @Get(':id/decisions')
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiOkResponse({ type: [JuryDecisionDto] })
  decisions(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<JuryDecisionDto[]> {
    return this.juryDecisions.listDecisions(auth, id);
  }

  @Post(':id/decisions')
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiCreatedResponse({ type: JuryDecisionDto })
  @ApiConflictResponse({ description: 'Already decided in this session, or the session is closed' })
  @ApiUnprocessableEntityResponse({
    description: 'Jury composition broken (missing roles named), learner not eligible (missing blocks named), registration ended',
  })
  decide(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string, @Body() dto: RecordDecisionDto): Promise<JuryDecisionDto> {
    return this.juryDecisions.recordDecision(auth, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiOkResponse({ type: JurySessionDto })
  @ApiConflictResponse({ description: 'Already closed' })
  @ApiUnprocessableEntityResponse({
    description:
      'Before the day the jury sits; the members present break the composition rule of a decided candidate; the president who signs is absent',
  })
  close(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<JurySessionDto> {
    return this.sessions.close(auth, id);
  }

  @Post(':id/presence')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiOkResponse({ type: JurySessionDto })
  @ApiConflictResponse({ description: 'The session is closed' })
  @ApiUnprocessableEntityResponse({ description: 'Before the day the jury sits; someone not listed without a replacement role' })
  presence(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string, @Body() dto: RecordPresenceDto): Promise<JurySessionDto> {
    return this.sessions.recordPresence(auth, id, dto);
  }

  @Post(':id/members/:memberId/account')
  @HttpCode(200)
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: JurySessionDto })
  @ApiConflictResponse({ description: 'The session is closed and the member already has an account' })
  @ApiUnprocessableEntityResponse({ description: 'Not a jury_member user of the organisation, or one already sitting on this jury' })
  linkAccount(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Param('memberId', uuidParam('memberId')) memberId: string,
    @Body() dto: LinkMemberAccountDto,
  ): Promise<JurySessionDto> {
    return this.sessions.linkMemberAccount(auth, id, memberId, dto.userId);
  }

  @Get(':id/minutes')
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiOkResponse({
    description:
      'The procès-verbal: session, members present and absent, candidates and every decision (a draft while the session is open); once closed, its current version and `signing` (a MinutesSigningStatus)',
  })
  minutes(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<JuryMinutesView> {
    return this.minutesOf.minutes(auth, id);
  }

  @Post(':id/minutes/signatures')
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiCreatedResponse({ type: MinutesSigningStatusDto })
  @ApiForbiddenResponse({ description: 'Not a member of the jury, or a member who did not sit (absent)' })
  @ApiConflictResponse({ description: 'Session not closed, already signed by this member, or not the fingerprint of the current version' })
  sign(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string, @Body() dto: SignMinutesDto): Promise<MinutesSigningStatusDto> {
    return this.minutesOf.sign(auth, id, dto.sha256);
  }

  @Get(':id/minutes/versions/:version')
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'A version of the closed minutes exactly as closed: its SHA-256 is what members sign' })
  async minutesVersion(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Param('version', intParam('version', 1, 32767)) version: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const document = await this.minutesOf.versionDocument(auth, id, version);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="proces-verbal-${id}-v${version}.pdf"`);
    return document;
  }

  @Get(':id/minutes.pdf')
  @Authenticated({ roles: ['admin', 'jury_member'] })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The procès-verbal to read: a draft while open; once closed, the current version with its electronic signatures',
  })
  async minutesPdf(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    void reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="proces-verbal-${id}.pdf"`);
    return this.minutesOf.minutesPdf(auth, id);
  }
}

@ApiTags('juries')
@Controller()
export class LearnerDecisionsController {
  constructor(private readonly juryDecisions: JuryDecisionsService) {}

  @Get('learners/:id/decisions')
  @Authenticated()
  @ApiOkResponse({ type: [LearnerDecisionDto] })
  @ApiNotFoundResponse({ description: 'Unknown learner, or one the caller may not see' })
  learnerDecisions(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<LearnerDecisionDto[]> {
    return this.juryDecisions.learnerDecisions(auth, id);
  }
}
