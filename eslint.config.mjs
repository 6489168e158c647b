import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const depConstraints = (forTests) => [
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:migrations', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:domain', 'type:migrations', ...(forTests ? ['type:testing'] : [])] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:feature', ...(forTests ? ['type:testing'] : [])] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['*'] },
  // The web app talks to the API over HTTP only; its browser tests boot the API through the test harness.
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: forTests ? ['type:testing'] : [] },
];
// The test harness boots the real application through its factory.
const boundaries = (forTests) => ['error', { allow: ['@project/api/*'], depConstraints: depConstraints(forTests) }];

export default [
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries(false),
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts', 'apps/web/e2e/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    // Pure rules: no framework may creep in.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'pg', 'class-validator', 'class-transformer'] }],
    },
  },
];
