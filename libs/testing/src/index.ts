export * from './test-app';
export * from './test-constants';
export * from './test-database';
export * from './factories';
export * from './jury-factories';
export * from './evaluation-factories';
export * from './problems';
export * from './zip-files';
export * from './memory';
export * from './credential-factories';
export * from './pdf-text';
export * from './network-factories';
export * from './user-accounts';
// The fuzz run (apps/fuzz) starts the same database outside jest.
export { default as setUpTestDatabase } from './global-setup';
export { default as tearDownTestDatabase } from './global-teardown';
