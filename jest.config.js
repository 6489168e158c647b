// One jest run, two projects: fast pure unit tests, and HTTP tests against real PostgreSQL.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
const swcPaths = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  if (!alias.startsWith('@project/')) continue; // type-only mappings
  swcPaths[alias] = [target];
  moduleNameMapper['^' + alias.replace('/*', '/(.*)') + '$'] =
    '<rootDir>/' + target.replace('/*', '/$1');
}

const transform = {
  '^.+\\.(ts|js)$': [
    '@swc/jest',
    {
      swcrc: false,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
        // swc rewrites the aliases itself, so global setup (plain Node require) resolves them too.
        baseUrl: __dirname,
        paths: swcPaths,
      },
      module: { type: 'commonjs' },
    },
  ],
};

const common = {
  rootDir: __dirname,
  transform,
  // ESM-only dependencies that jest's CommonJS runtime must see compiled.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|@digitalbazaar|base58-universal|base64url-universal|ky)/)'],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'http',
      testMatch: ['<rootDir>/libs/**/*.e2e-spec.ts', '<rootDir>/apps/**/*.e2e-spec.ts'],
      // The test database, and the web app built for the browser tests.
      globalSetup: '<rootDir>/apps/web/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
  ],
  maxWorkers: 2,
  testTimeout: 60000,
};
