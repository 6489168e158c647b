import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, PageQueryDto, uuidParam } from '@project/platform';
import { CohortEnrolmentPageDto, CreateEnrolmentDto, EnrolmentDto, EnrolmentPageDto, UpdateEnrolmentDto } from './dto/enrolment.dto';
import { EnrolmentsService } from './enrolments.service';

@ApiTags('enrolments')
@Controller()
export class EnrolmentsController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  @Post('learners/:id/enrolments')
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: EnrolmentDto })
  @ApiNotFoundResponse({ description: 'Unknown learner' })
  @ApiUnprocessableEntityResponse({ description: 'Closed access route, registration ended, unknown certification or unfit cohort' })
  @ApiConflictResponse({ description: 'The learner is already enrolled in this cohort' })
  create(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) learnerId: string,
    @Body() dto: CreateEnrolmentDto,
  ): Promise<EnrolmentDto> {
    return this.enrolments.create(auth, learnerId, dto);
  }

  @Get('learners/:id/enrolments')
  @Authenticated()
  @ApiOkResponse({ type: EnrolmentPageDto, description: 'Latest start first' })
  @ApiNotFoundResponse({ description: 'Unknown learner, or not visible to the caller' })
  listForLearner(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) learnerId: string,
    @Query() query: PageQueryDto,
  ): Promise<EnrolmentPageDto> {
    return this.enrolments.listForLearner(auth, learnerId, query);
  }

  @Get('cohorts/:id/enrolments')
  @Authenticated({ roles: ['admin', 'trainer', 'jury_member'] })
  @ApiOkResponse({ type: CohortEnrolmentPageDto, description: 'The roster, by learner name' })
  @ApiNotFoundResponse({ description: 'Unknown cohort' })
  listForCohort(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) cohortId: string,
    @Query() query: PageQueryDto,
  ): Promise<CohortEnrolmentPageDto> {
    return this.enrolments.listForCohort(auth, cohortId, query);
  }

  @Patch('enrolments/:id')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: EnrolmentDto })
  @ApiNotFoundResponse({ description: 'Unknown enrolment' })
  @ApiUnprocessableEntityResponse({ description: 'The cohort is unknown or prepares another certification' })
  @ApiConflictResponse({ description: 'The learner is already enrolled in that cohort' })
  update(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string, @Body() dto: UpdateEnrolmentDto): Promise<EnrolmentDto> {
    return this.enrolments.update(auth, id, dto);
  }
}
