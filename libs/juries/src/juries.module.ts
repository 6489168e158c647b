import { Module } from '@nestjs/common';
import { ProgressModule } from '@project/progress';
import { JuriesRepository } from './juries.repository';
import { JuryDecisionsService } from './jury-decisions.service';
import { JuryMinutesService } from './jury-minutes.service';
import { JurySessionAccess } from './jury-session-access';
import { JurySessionsService } from './jury-sessions.service';
import { JurySessionsController } from './jury-sessions.controller';
import { RecordsController } from './records.controller';
import { RecordsRepository } from './records.repository';
import { RecordsService } from './records.service';

@Module({
  imports: [ProgressModule],
  controllers: [JurySessionsController, RecordsController],
  providers: [
    JuriesRepository,
    JurySessionAccess,
    JurySessionsService,
    JuryDecisionsService,
    JuryMinutesService,
    RecordsRepository,
    RecordsService,
  ],
})
export class JuriesModule {}
