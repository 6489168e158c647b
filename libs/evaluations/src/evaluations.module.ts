import { Module } from '@nestjs/common';
import { IdempotencyModule } from '@project/platform';
import { EvaluationImportService } from './evaluation-import.service';
import { EvaluationsController, LearnerEvaluationsController } from './evaluations.controller';
import { EvaluationsRepository } from './evaluations.repository';
import { EvaluationsService } from './evaluations.service';

@Module({
  imports: [IdempotencyModule],
  controllers: [EvaluationsController, LearnerEvaluationsController],
  providers: [EvaluationsRepository, EvaluationsService, EvaluationImportService],
  exports: [EvaluationsService],
})
export class EvaluationsModule {}
