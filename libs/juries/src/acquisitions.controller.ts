import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, uuidParam } from '@project/platform';
import { AcquisitionDto, RecordAcquisitionDto } from './dto/acquisition.dto';
import { AcquisitionsService } from './acquisitions.service';

// Operation ids as before the records module was split, so the published API document (and generated clients) stay the same.
@ApiTags('juries')
@Controller()
export class AcquisitionsController {
  constructor(private readonly acquisitions: AcquisitionsService) {}

  @Post('learners/:id/acquisitions')
  @ApiOperation({ operationId: 'RecordsController_recordAcquisition', summary: undefined })
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
    return this.acquisitions.recordAcquisition(auth, id, dto);
  }

  @Get('learners/:id/acquisitions')
  @ApiOperation({ operationId: 'RecordsController_listAcquisitions', summary: undefined })
  @Authenticated()
  @ApiOkResponse({ type: [AcquisitionDto] })
  listAcquisitions(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<AcquisitionDto[]> {
    return this.acquisitions.listAcquisitions(auth, id);
  }
}
