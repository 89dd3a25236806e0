// Lint rules that protect what the type checker cannot: workflow determinism (no Node
// built-ins or I/O libraries in workflow code) and no forgotten promises.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net'];
const IO_LIBRARIES = ['@prisma/*', '**/generated/**', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'express'];
const folder = (name) => [`**/${name}`, `**/${name}/**`];

/** What each top folder must not import. */
const IMPORT_ARROWS = {
  domain: [
    {
      group: ['@temporalio/*', ...NODE_BUILTINS, ...IO_LIBRARIES, ...['activities', 'api', 'workflows', 'db', 'contracts', 'documents', 'scripts'].flatMap(folder)],
      message: 'domain/ is pure TypeScript: no Temporal, Prisma, Express, Node built-ins or anything of the app.',
    },
  ],
  contracts: [
    {
      group: [...NODE_BUILTINS, ...IO_LIBRARIES, ...['activities', 'api', 'workflows', 'db', 'documents', 'scripts'].flatMap(folder)],
      message: 'contracts/ imports no implementation: only domain/ types and @temporalio/workflow message definitions.',
    },
  ],
  workflows: [
    { group: NODE_BUILTINS, message: 'Workflow code must stay deterministic and free of I/O: no Node built-ins.' },
    { group: IO_LIBRARIES, message: 'Workflow code must not do I/O; use activities.' },
    { group: folder('activities'), allowTypeImports: true, message: 'Workflows import only the types of activities/.' },
    { group: ['api', 'db', 'documents', 'scripts'].flatMap(folder), message: 'Workflows reach data only through activities.' },
  ],
  db: [
    {
      group: ['@temporalio/worker', '@temporalio/activity', '@temporalio/client', 'express', ...['activities', 'api', 'workflows', 'documents', 'scripts'].flatMap(folder)],
      message: 'db/ is the data layer under the API and the activities alike: it imports neither.',
    },
  ],
  documents: [
    {
      group: ['@temporalio/*', 'express', ...['activities', 'api', 'workflows', 'scripts'].flatMap(folder)],
      message: 'documents/ loads, lays out and issues from db/ and domain/ only.',
    },
  ],
  activities: [{ group: ['express', ...['api', 'scripts'].flatMap(folder)], message: 'Activities never import the API.' }],
  api: [
    { group: folder('activities'), message: 'api/ never imports activities/: data access is in db/, documents in documents/, messages in contracts/.' },
    { group: folder('workflows'), allowTypeImports: true, message: 'api/ starts workflows by type only; their messages are in contracts/.' },
  ],
};

export default tseslint.config(
  { ignores: ['generated/**', 'web/dist/**', 'web/src/api/schema.ts', 'node_modules/**', 'dist/**', '.data/**', 'coverage/**', 'test/fixtures/**'] },
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
  // The arrows between folders (README, Architecture): one block per folder, since a later
  // no-restricted-imports replaces an earlier one for the same file.
  ...Object.entries(IMPORT_ARROWS).map(([folder, patterns]) => ({
    files: [`${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  // The audit history is a hash chain (db/audit-chain.ts): an event written any other way would
  // be unchained, and an update or delete is exactly what the chain exists to reveal.
  {
    files: ['**/*.ts'],
    ignores: ['db/audit-chain.ts', 'test/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.property.name='auditEvent'][callee.property.name=/^(create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)$/]",
          message: 'AuditEvent is written only by appendAudit / writeOnce (db/audit-chain.ts), so every event is chained.',
        },
      ],
    },
  },
  // The workbench (web/): Vue 3's recommended rules, TypeScript in <script setup lang="ts"> read by
  // typescript-eslint's parser. Its types are vue-tsc's (npm run typecheck:web, over web/tsconfig.json),
  // so the type-aware rules stay with the .ts files of web/src, which the project service finds.
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: ['web/**/*.vue'] })),
  {
    files: ['web/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  { files: ['web/**/*.vue'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['web/**/*.vue'],
    rules: {
      // Undefined names in the app are vue-tsc's to find (typescript-eslint's advice for typed code).
      'no-undef': 'off',
      // Layout, not correctness: the templates keep a short element on one line, and the project
      // has no formatter whose output these rules would match (--fix would rewrite every template).
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
    },
  },
  // A screen is a route's component (main.ts), never written as a tag, so its one-word name
  // (Worklist, Checklist…) cannot clash with an HTML element — the reason for the rule.
  { files: ['web/src/views/**/*.vue', 'web/src/App.vue'], rules: { 'vue/multi-word-component-names': 'off' } },
  // The service worker runs in its own global scope; __VERSION__/__PRECACHE__ are filled in at build (vite.config.mts).
  {
    files: ['web/src/sw-template.js'],
    languageOptions: { globals: { self: 'readonly', caches: 'readonly', fetch: 'readonly', URL: 'readonly', __PRECACHE__: 'readonly' } },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly' } },
  },
);
