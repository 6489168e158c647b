import { Module } from '@nestjs/common';
import { CredentialsModule } from '@project/credentials';
import { ProgressModule } from '@project/progress';
import { JuriesRepository } from './juries.repository';
import { JuriesService } from './juries.service';
import { JurySessionsController } from './jury-sessions.controller';
import { RecordsController } from './records.controller';
import { RecordsRepository } from './records.repository';
import { RecordsService } from './records.service';

@Module({
  imports: [ProgressModule, CredentialsModule],
  controllers: [JurySessionsController, RecordsController],
  providers: [JuriesRepository, JuriesService, RecordsRepository, RecordsService],
})
export class JuriesModule {}
