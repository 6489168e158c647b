import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, ManagesCatalogue, uuidParam, certificationCodeParam } from '@project/platform';
import {
  AcquisitionDto,
  BlockEquivalenceDto,
  BlockEquivalencePageDto,
  CertificationStatisticsDto,
  CreateBlockEquivalenceDto,
  FollowUpDto,
  ListBlockEquivalencesQueryDto,
  RecordAcquisitionDto,
  RecordFollowUpDto,
} from './dto/records.dto';
import { RecordsService } from './records.service';

@ApiTags('juries')
@Controller()
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @Post('block-equivalences')
  @ManagesCatalogue()
  @ApiCreatedResponse({ type: BlockEquivalenceDto })
  @ApiConflictResponse({ description: 'Already declared' })
  @ApiUnprocessableEntityResponse({ description: 'toBlockCode is not a block of the catalogue' })
  createEquivalence(@Auth() auth: AuthContext, @Body() dto: CreateBlockEquivalenceDto): Promise<BlockEquivalenceDto> {
    return this.records.createEquivalence(auth, dto);
  }

  @Get('block-equivalences')
  @Authenticated()
  @ApiOkResponse({ type: BlockEquivalencePageDto })
  listEquivalences(@Query() query: ListBlockEquivalencesQueryDto): Promise<BlockEquivalencePageDto> {
    return this.records.listEquivalences(query);
  }

  @Post('learners/:id/acquisitions')
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: AcquisitionDto })
  @ApiConflictResponse({ description: 'The learner already holds this block' })
  @ApiUnprocessableEntityResponse({
    description:
      'Unknown block; an equivalence not declared, or from a block the learner does not hold; a block from outside without a plausible document reference, its awarding certifier or a past date',
  })
  recordAcquisition(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordAcquisitionDto,
  ): Promise<AcquisitionDto> {
    return this.records.recordAcquisition(auth, id, dto);
  }

  @Get('learners/:id/acquisitions')
  @Authenticated()
  @ApiOkResponse({ type: [AcquisitionDto] })
  listAcquisitions(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<AcquisitionDto[]> {
    return this.records.listAcquisitions(auth, id);
  }

  @Post('learners/:id/follow-ups')
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: FollowUpDto })
  @ApiConflictResponse({ description: 'Already recorded for this delay' })
  @ApiUnprocessableEntityResponse({ description: 'The learner has not been awarded the certification: there is no insertion to follow' })
  recordFollowUp(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordFollowUpDto,
  ): Promise<FollowUpDto> {
    return this.records.recordFollowUp(auth, id, dto);
  }

  @Get('certifications/:code/statistics')
  @Authenticated({ roles: ['admin', 'trainer', 'jury_member'] })
  @ApiParam({ name: 'code', example: 'RNCP41296' })
  @ApiOkResponse({ type: CertificationStatisticsDto })
  statistics(@Auth() auth: AuthContext, @Param('code', certificationCodeParam()) code: string): Promise<CertificationStatisticsDto> {
    return this.records.statistics(auth, code);
  }
}
