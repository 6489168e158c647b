export * from './dto/import-report.dto';
export * from './mapping/classify-modalities';
export * from './mapping/map-fiche';
export * from './rncp-import.module';
export * from './rncp-import.repository';
export * from './rncp-import.service';
export * from './upload';
