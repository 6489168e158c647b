export * from './test-app';
export * from './test-constants';
export * from './test-database';
export * from './factories';
export * from './jury-factories';
export * from './evaluation-factories';
export * from './zip-files';
export * from './memory';
