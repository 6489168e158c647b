export * from './auth.module';
export * from './auth.service';
export * from './first-admin';
export * from './passwords';
