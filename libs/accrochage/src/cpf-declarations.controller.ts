import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AcceptsBody, Auth, AuthContext, Authenticated, uuidParam } from '@project/platform';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { CpfDeclarationsService } from './cpf-declarations.service';
import {
  AwardDeclarationDto,
  AwardDeclarationPageDto,
  CreateDeclarationDto,
  DeclarationFileDto,
  ExportResultDto,
  ReportResultDto,
  StatusQueryDto,
} from './dto/declaration.dto';
import { CpfSettingsDto, UpdateCpfSettingsDto } from './dto/settings.dto';

const REPORT_TYPES = ['application/xml', 'text/xml', 'application/zip'];

/** Declaring certified holders to the CPF information system (accrochage). */
@ApiTags('cpf-declarations')
@Controller()
export class CpfDeclarationsController {
  constructor(private readonly declarations: CpfDeclarationsService) {}

  @Get('cpf-declarations/settings')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: CpfSettingsDto })
  settings(@Auth() auth: AuthContext): Promise<CpfSettingsDto> {
    return this.declarations.settings(auth);
  }

  @Put('cpf-declarations/settings')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: CpfSettingsDto, description: 'The CDC client and contract ids, and natureDeposant per certification (audited)' })
  updateSettings(@Auth() auth: AuthContext, @Body() dto: UpdateCpfSettingsDto): Promise<CpfSettingsDto> {
    return this.declarations.updateSettings(auth, dto);
  }

  @Get('cpf-declarations/status')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: AwardDeclarationPageDto, description: 'Every award and its declaration state, overdue first, accepted last' })
  status(@Auth() auth: AuthContext, @Query() query: StatusQueryDto): Promise<AwardDeclarationPageDto> {
    return this.declarations.status(auth, query);
  }

  @Post('cpf-declarations')
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: ExportResultDto, description: 'The file, stored and validated against the XSD, ready to download' })
  @ApiUnprocessableEntityResponse({
    description:
      'Settings missing (cpf_settings_missing), nothing to declare (nothing_to_declare, reasons counted), or a file the XSD refuses',
  })
  export(@Auth() auth: AuthContext, @Body() dto: CreateDeclarationDto): Promise<ExportResultDto> {
    return this.declarations.export(auth, dto);
  }

  @Get('cpf-declarations')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: [DeclarationFileDto], description: 'The latest 100 files, newest first' })
  files(@Auth() auth: AuthContext): Promise<DeclarationFileDto[]> {
    return this.declarations.files(auth);
  }

  @Get('cpf-declarations/:id')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: DeclarationFileDto })
  @ApiNotFoundResponse({ description: 'Unknown file, or another organisation’s' })
  file(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<DeclarationFileDto> {
    return this.declarations.file(auth, id);
  }

  @Get('cpf-declarations/:id/file.xml')
  @Authenticated({ roles: ['admin'] })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'The declaration file to upload on the CDC portal, as stored' })
  @ApiNotFoundResponse({ description: 'Unknown file, or another organisation’s' })
  download(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<StreamableFile> {
    return this.declarations.download(auth, id);
  }

  @Post('cpf-declarations/:id/report')
  @HttpCode(200)
  @Authenticated({ roles: ['admin'] })
  @AcceptsBody(REPORT_TYPES, { streamed: true })
  @ApiBody({ description: "The CDC's processing report (accusé de traitement): XML, or a zip holding it" })
  @ApiOkResponse({ type: ReportResultDto, description: 'Passages accepted and rejected (with their messages), all at once' })
  @ApiBadRequestResponse({ description: 'Not readable XML: malformed, a DOCTYPE or entities, a refused zip (unreadable_report)' })
  @ApiNotFoundResponse({ description: 'Unknown file, or another organisation’s' })
  @ApiConflictResponse({ description: 'The report of this file was already applied' })
  @ApiUnprocessableEntityResponse({
    description: 'Ids that are no passage of this file, repeated ids, another idFlux (invalid_report): nothing applied',
  })
  report(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string, @Req() request: FastifyRequest): Promise<ReportResultDto> {
    const body = request.body instanceof Readable ? request.body : Readable.from([Buffer.from(String(request.body ?? ''))]);
    return this.declarations.applyReport(auth, id, body);
  }

  @Get('learners/:id/cpf-declarations')
  @Authenticated()
  @ApiOkResponse({
    type: [AwardDeclarationDto],
    description: "The learner's awards and their declaration to the CPF: the learner sees its own",
  })
  @ApiNotFoundResponse({ description: 'Unknown, or not visible to the caller' })
  forLearner(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<AwardDeclarationDto[]> {
    return this.declarations.forLearner(auth, id);
  }
}
