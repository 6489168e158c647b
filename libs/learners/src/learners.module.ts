import { Module } from '@nestjs/common';
import { CohortsController } from './cohorts.controller';
import { CohortsRepository } from './cohorts.repository';
import { CohortsService } from './cohorts.service';
import { EnrolmentsController } from './enrolments.controller';
import { EnrolmentsRepository } from './enrolments.repository';
import { EnrolmentsService } from './enrolments.service';
import { LearnersController } from './learners.controller';
import { LearnersRepository } from './learners.repository';
import { LearnersService } from './learners.service';

/** Learners, the cohorts that group them and their enrolments in certifications. */
@Module({
  controllers: [LearnersController, CohortsController, EnrolmentsController],
  providers: [LearnersRepository, LearnersService, CohortsRepository, CohortsService, EnrolmentsRepository, EnrolmentsService],
  exports: [LearnersService, CohortsService, EnrolmentsService],
})
export class LearnersModule {}
