export * from './learners.module';
export * from './learners.service';
export * from './cohorts.service';
export * from './enrolments.service';
export * from './dto/learner.dto';
export * from './dto/cohort.dto';
export * from './dto/enrolment.dto';
export { unassignTrainerFromAllCohorts } from './cohorts.repository';
export * from './rows';
