export * from './auth.module';
export * from './auth.service';
export * from './accounts';
export * from './passwords';
export { UserRow } from './rows';
