import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, certificationCodeParam, uuidParam } from '@project/platform';
import { CentreStatisticsDto, CertificationStatisticsDto, FollowUpDto, RecordFollowUpDto } from './dto/follow-up.dto';
import { FollowUpsService } from './follow-ups.service';

// Operation ids as before the records module was split, so the published API document (and generated clients) stay the same.
@ApiTags('juries')
@Controller()
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Post('learners/:id/follow-ups')
  @ApiOperation({ operationId: 'RecordsController_recordFollowUp', summary: undefined })
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: FollowUpDto })
  @ApiConflictResponse({ description: 'Already recorded for this delay' })
  @ApiUnprocessableEntityResponse({ description: 'The learner has not been awarded the certification: there is no insertion to follow' })
  recordFollowUp(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordFollowUpDto,
  ): Promise<FollowUpDto> {
    return this.followUps.recordFollowUp(auth, id, dto);
  }

  @Get('certifications/:code/statistics')
  @ApiOperation({ operationId: 'RecordsController_statistics', summary: undefined })
  @Authenticated({ roles: ['admin', 'trainer', 'jury_member'] })
  @ApiParam({ name: 'code', example: 'RNCP41296' })
  @ApiOkResponse({ type: CertificationStatisticsDto })
  statistics(@Auth() auth: AuthContext, @Param('code', certificationCodeParam()) code: string): Promise<CertificationStatisticsDto> {
    return this.followUps.statistics(auth, code);
  }

  @Get('certifications/:code/statistics/centres')
  @Authenticated({ roles: ['admin', 'trainer', 'jury_member'] })
  @ApiParam({ name: 'code', example: 'RNCP41296' })
  @ApiOkResponse({ type: [CentreStatisticsDto] })
  centreStatistics(@Auth() auth: AuthContext, @Param('code', certificationCodeParam()) code: string): Promise<CentreStatisticsDto[]> {
    return this.followUps.centreStatistics(auth, code);
  }
}
