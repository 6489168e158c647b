import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, uuidParam, certificationCodeParam } from '@project/platform';
import { EligibleLearnerPageDto, EligibleLearnersQueryDto, LearnerProgressDto } from './dto/progress.dto';
import { ProgressService } from './progress.service';

@ApiTags('progress')
@Controller()
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Get('learners/:id/progress')
  @Authenticated()
  @ApiOkResponse({ type: LearnerProgressDto })
  @ApiNotFoundResponse({ description: 'Unknown learner, or one the caller may not see' })
  learnerProgress(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<LearnerProgressDto> {
    return this.progress.learnerProgress(auth, id);
  }

  @Get('me/progress')
  @Authenticated({ roles: ['learner'] })
  @ApiOkResponse({ type: LearnerProgressDto })
  myProgress(@Auth() auth: AuthContext): Promise<LearnerProgressDto> {
    return this.progress.myProgress(auth);
  }

  @Get('certifications/:code/eligible-learners')
  @Authenticated({ roles: ['admin', 'jury_member', 'trainer'] })
  @ApiParam({ name: 'code', example: 'RNCP41296' })
  @ApiOkResponse({ type: EligibleLearnerPageDto })
  eligibleLearners(
    @Auth() auth: AuthContext,
    @Param('code', certificationCodeParam()) code: string,
    @Query() query: EligibleLearnersQueryDto,
  ): Promise<EligibleLearnerPageDto> {
    return this.progress.eligibleLearners(auth, code, query);
  }
}
