export * from './catalogue.module';
export * from './catalogue.repository';
export * from './catalogue.service';
export * from './dto/certification.dto';
export * from './seed-certifications';
export * from './dto/equivalence.dto';
export * from './sheet-defaults';
