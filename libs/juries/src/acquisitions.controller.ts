import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, uuidParam } from '@project/platform';
import { AcquisitionDto, RecordAcquisitionDto, RecordAcquisitionFromCredentialDto } from './dto/acquisition.dto';
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

  @Post('learners/:id/acquisitions/from-credential')
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: AcquisitionDto, description: 'The block, held from outside (external) with the credential as its evidence' })
  @ApiConflictResponse({ description: 'The learner already holds this block' })
  @ApiUnprocessableEntityResponse({
    description:
      'No credential has this reference (rule_violation); the credential fails verification (credential_not_verified), was revoked (credential_revoked), attests a certification rather than a block, or names someone else: names and birth date differ (credential_holder_mismatch); blockCode unknown or not the block attested',
  })
  @ApiTooManyRequestsResponse({
    description: "More than VERIFY_THROTTLE_PER_MINUTE attestation checks by the caller's organisation this minute",
  })
  recordFromCredential(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordAcquisitionFromCredentialDto,
  ): Promise<AcquisitionDto> {
    return this.acquisitions.recordFromCredential(auth, id, dto);
  }

  @Get('learners/:id/acquisitions')
  @ApiOperation({ operationId: 'RecordsController_listAcquisitions', summary: undefined })
  @Authenticated()
  @ApiOkResponse({ type: [AcquisitionDto] })
  listAcquisitions(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<AcquisitionDto[]> {
    return this.acquisitions.listAcquisitions(auth, id);
  }
}
