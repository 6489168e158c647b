export * from './organisations.module';
export * from './first-admin';
export * from './rows';
