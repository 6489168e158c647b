export * from './audit.module';
export * from './dto/audit.dto';
