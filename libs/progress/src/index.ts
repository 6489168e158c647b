export * from './progress.module';
export * from './standing.repository';
export * from './standing';
export * from './dto/progress.dto';
export * from './progress.service';
