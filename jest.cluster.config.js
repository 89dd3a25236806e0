/**
 * `npm run test:cluster`: the cluster topology test (test/cluster), on its own — it starts
 * PostgreSQL, a Temporal server built from source, two workers and two APIs (scripts/cluster.ts),
 * so it needs neither the dev server of `npm test`'s globalSetup nor its parallel workers.
 * @type {import('jest').Config}
 */
const config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 40 * 60_000,
  maxWorkers: 1,
  verbose: true,
};

module.exports = config;
