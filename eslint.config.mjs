// Lint rules that protect what the type checker cannot: workflow determinism (no Node
// built-ins or I/O libraries in workflow code) and no forgotten promises.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['generated/**', 'node_modules/**', 'dist/**', '.data/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net'], message: 'Workflow and domain code must stay deterministic and free of I/O: no Node built-ins.' },
            { group: ['@prisma/*', '**/generated/**', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'express'], message: 'Workflow and domain code must not do I/O; use activities.' },
            { group: ['**/activities/*', '**/api/*'], allowTypeImports: true, message: 'Only type imports from activities/ or api/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@temporalio/*', 'node:*', '@prisma/*', '**/generated/**', 'express', '**/activities/*', '**/api/*', '**/workflows/*'], message: 'domain/ is pure TypeScript: no Temporal, Prisma, Express or Node built-ins.' }] },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly' } },
  },
);
