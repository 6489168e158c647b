import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  AcceptsBody,
  ApiIdempotencyKey,
  Auth,
  AuthContext,
  Authenticated,
  IdempotencyKey,
  IdempotentRequest,
  Page,
} from '@project/platform';
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
import { SpreadsheetBodyPipe, XLSX_MEDIA_TYPE } from './spreadsheet-body.pipe';

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
  @ApiUnprocessableEntityResponse({
    description:
      "Modality not of the enrolment's certification, wrong grading, attempt out of sequence, or Idempotency-Key reused with another body",
  })
  record(
    @Auth() auth: AuthContext,
    @Body() dto: RecordEvaluationDto,
    @IdempotencyKey() idempotent?: IdempotentRequest,
  ): Promise<EvaluationDto> {
    return this.evaluations.record(auth, dto, idempotent);
  }

  @Post('collective')
  @Authenticated({ roles: ['admin', 'trainer'] })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: EvaluationListDto, description: 'One result per enrolment, in the order given' })
  @ApiNotFoundResponse({ description: 'Unknown enrolments, or enrolments of another organisation (named enrolmentIds[i])' })
  @ApiUnprocessableEntityResponse({ description: 'Individual modality, or an enrolment of another certification (named enrolmentIds[i])' })
  recordCollective(
    @Auth() auth: AuthContext,
    @Body() dto: RecordCollectiveEvaluationDto,
    @IdempotencyKey() idempotent?: IdempotentRequest,
  ): Promise<EvaluationListDto> {
    return this.evaluations.recordCollective(auth, dto, idempotent);
  }

  @Post('import')
  @Authenticated({ roles: ['admin', 'trainer'] })
  @ApiIdempotencyKey()
  @AcceptsBody(['text/csv', XLSX_MEDIA_TYPE])
  @ApiOperation({
    summary: 'Import results from a CSV or XLSX spreadsheet, all or nothing',
    // Written out so that each media type gets its own schema (ApiBody would give both the CSV one).
    requestBody: {
      required: true,
      description:
        'CSV with a header line, `,` or `;` separated; or an XLSX workbook whose first sheet has the same header row (cells may be numbers, ' +
        'real dates or text; errors give sheet row numbers). The modality by id, or by kind and block code',
      content: {
        'text/csv': {
          schema: {
            type: 'string',
            example: `${IMPORT_COLUMNS.join(',')}\nann@example.org,RNCP41296,RNCP41296BC02,,case_study,2025-06-12,14.5,,,`,
          },
        },
        [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiCreatedResponse({ type: ImportSummaryDto })
  @ApiBadRequestResponse({ description: 'An XLSX body that is not a readable workbook (`file`)' })
  @ApiUnprocessableEntityResponse({
    description:
      'Nothing recorded: `errors` lists the bad lines with their number and field (the first 100; `errorCount` then gives how many ' +
      'there were), or names `file` for a workbook over the limits ' +
      '(a part inflating beyond its declared size, more than 100 MB inflated, more than 2 million XML elements)',
  })
  importSpreadsheet(
    @Auth() auth: AuthContext,
    @Body(SpreadsheetBodyPipe) body: string | Buffer,
    @IdempotencyKey() idempotent?: IdempotentRequest,
  ): Promise<ImportSummaryDto> {
    return this.imports.importSpreadsheet(auth, body, idempotent);
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
  @ApiUnprocessableEntityResponse({ description: 'A score for a pass/fail modality or an outcome for a scored one (named field)' })
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
  list(
    @Auth() auth: AuthContext,
    @Param() params: LearnerIdParamDto,
    @Query() query: ListEvaluationsQueryDto,
  ): Promise<Page<EvaluationDto>> {
    return this.evaluations.listForLearner(auth, params.id, query);
  }
}
