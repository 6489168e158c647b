import { Module } from '@nestjs/common';
import { AccrochageModule } from '@project/accrochage';
import { ProgressController } from './progress.controller';
import { ProgressRepository } from './progress.repository';
import { ProgressService } from './progress.service';
import { StandingRepository } from './standing.repository';

@Module({
  imports: [AccrochageModule],
  controllers: [ProgressController],
  providers: [ProgressService, ProgressRepository, StandingRepository],
  exports: [StandingRepository],
})
export class ProgressModule {}
