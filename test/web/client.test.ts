/**
 * The workbench's typed client and the OpenAPI document agree: the committed
 * web/src/api/schema.ts is exactly what openapi-typescript makes of the document the API serves,
 * and the app type-checks against it (vue-tsc), so a changed route breaks this test, not a phone.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@jest/globals';

const ROOT = path.resolve(__dirname, '../..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

test('web/src/api/schema.ts is generated from the current OpenAPI document', () => {
  const check = spawnSync(bin('tsx'), ['scripts/web-client.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
}, 120_000);

test('the app type-checks against the generated client', () => {
  const typecheck = spawnSync(bin('vue-tsc'), ['--noEmit', '-p', 'web'], { cwd: ROOT, encoding: 'utf8' });
  expect(typecheck.stdout + typecheck.stderr).toBe('');
  expect(typecheck.status).toBe(0);
}, 120_000);
