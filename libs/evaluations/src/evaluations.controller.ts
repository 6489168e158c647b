import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiIdempotencyKey, Auth, AuthContext, Authenticated, IdempotencyKey, IdempotentRequest, Page } from '@project/platform';
import { CsvBodyPipe } from './csv-body.pipe';
import {
  CorrectEvaluationDto,
  EvaluationDto,
  EvaluationIdParamDto,
  EvaluationListDto,
  EvaluationPageDto,
  ImportSummaryDto,
  ListEvaluationsQueryDto,
  RecordCollectiveEvaluationDto,
  RecordEvaluationDto,
} from './dto/evaluation.dto';
import { EvaluationImportService, IMPORT_COLUMNS } from './evaluation-import.service';
import { EvaluationsService } from './evaluations.service';
import { LearnerIdParamDto } from './dto/learner-id-param.dto';

@ApiTags('evaluations')
@Controller('evaluations')
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly imports: EvaluationImportService,
  ) {}

  @Post()
  @Authenticated({ roles: ['admin', 'trainer'] })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: EvaluationDto })
  @ApiNotFoundResponse({ description: 'Unknown enrolment (or one of another organisation)' })
  @ApiUnprocessableEntityResponse({ description: 'Modality not of the enrolment\'s certification, wrong grading, attempt out of sequence, or Idempotency-Key reused with another body' })
  record(@Auth() auth: AuthContext, @Body() dto: RecordEvaluationDto, @IdempotencyKey() idempotent?: IdempotentRequest): Promise<EvaluationDto> {
    return this.evaluations.record(auth, dto, idempotent);
  }

  @Post('collective')
  @Authenticated({ roles: ['admin', 'trainer'] })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: EvaluationListDto, description: 'One result per enrolment, in the order given' })
  @ApiUnprocessableEntityResponse({ description: 'Individual modality, or an enrolment of another certification (named enrolmentIds[i])' })
  recordCollective(@Auth() auth: AuthContext, @Body() dto: RecordCollectiveEvaluationDto, @IdempotencyKey() idempotent?: IdempotentRequest): Promise<EvaluationListDto> {
    return this.evaluations.recordCollective(auth, dto, idempotent);
  }

  @Post('import')
  @Authenticated({ roles: ['admin', 'trainer'] })
  @ApiIdempotencyKey()
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: `${IMPORT_COLUMNS.join(',')}\nann@example.org,RNCP41296,RNCP41296BC02,,case_study,2025-06-12,14.5,,,` },
    description: 'CSV with a header line; `,` or `;` separated; the modality by id, or by kind and block code',
  })
  @ApiCreatedResponse({ type: ImportSummaryDto })
  @ApiUnprocessableEntityResponse({ description: 'Nothing recorded: `errors` lists every bad line with its number and field' })
  importCsv(@Auth() auth: AuthContext, @Body(CsvBodyPipe) csv: string, @IdempotencyKey() idempotent?: IdempotentRequest): Promise<ImportSummaryDto> {
    return this.imports.importCsv(auth, csv, idempotent);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: EvaluationDto })
  @ApiNotFoundResponse({ description: 'Unknown, or not visible to the caller' })
  get(@Auth() auth: AuthContext, @Param() params: EvaluationIdParamDto): Promise<EvaluationDto> {
    return this.evaluations.get(auth, params.id);
  }

  @Patch(':id')
  @Authenticated({ roles: ['admin', 'trainer'] })
  @ApiOkResponse({ type: EvaluationDto, description: 'Corrected; the previous value and the reason are kept in the audit trail' })
  @ApiConflictResponse({ description: 'evaluation_locked_by_jury: a closed jury decision already used this result' })
  correct(@Auth() auth: AuthContext, @Param() params: EvaluationIdParamDto, @Body() dto: CorrectEvaluationDto): Promise<EvaluationDto> {
    return this.evaluations.correct(auth, params.id, dto);
  }
}

@ApiTags('evaluations')
@Controller('learners/:id/evaluations')
export class LearnerEvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: EvaluationPageDto, description: 'Newest first' })
  @ApiNotFoundResponse({ description: 'Unknown learner, or not visible to the caller' })
  list(@Auth() auth: AuthContext, @Param() params: LearnerIdParamDto, @Query() query: ListEvaluationsQueryDto): Promise<Page<EvaluationDto>> {
    return this.evaluations.listForLearner(auth, params.id, query);
  }
}
