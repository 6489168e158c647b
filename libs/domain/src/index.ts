export * from './domain-error';
export * from './vocabulary';
