export * from './evaluations.module';
export * from './evaluations.service';
export * from './evaluation-import.service';
export * from './evaluation-rules';
export * from './csv';
export * from './dto/evaluation.dto';
