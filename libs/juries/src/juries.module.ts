import { Module } from '@nestjs/common';
import { AcquisitionsController } from './acquisitions.controller';
import { AcquisitionsRepository } from './acquisitions.repository';
import { AcquisitionsService } from './acquisitions.service';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';
import { CredentialsModule } from '@project/credentials';
import { ProgressModule } from '@project/progress';
import { JuriesRepository } from './juries.repository';
import { RevokedAttestations } from './revoked-attestations';
import { JuryDecisionsService } from './jury-decisions.service';
import { JuryMinutesService } from './jury-minutes.service';
import { JurySessionAccess } from './jury-session-access';
import { JurySessionsService } from './jury-sessions.service';
import { JurySessionsController, LearnerDecisionsController } from './jury-sessions.controller';

@Module({
  imports: [ProgressModule, CredentialsModule],
  controllers: [JurySessionsController, LearnerDecisionsController, AcquisitionsController, FollowUpsController],
  providers: [
    JuriesRepository,
    JurySessionAccess,
    JurySessionsService,
    JuryDecisionsService,
    JuryMinutesService,
    AcquisitionsRepository,
    AcquisitionsService,
    RevokedAttestations,
    FollowUpsRepository,
    FollowUpsService,
  ],
})
export class JuriesModule {}
