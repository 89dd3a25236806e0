/** The worker's workflow cache is configured (WORKFLOW_CACHE_SIZE), 500 by default (BENCHMARKS.md: worker memory). */
import { expect, test } from '@jest/globals';
import { DEFAULT_WORKFLOW_CACHE_SIZE } from '../../activities/worker-settings';
import { loadConfig } from '../../scripts/config';

test('WORKFLOW_CACHE_SIZE: 500 unless set; a number of workflows or a refusal that names it', () => {
  expect(DEFAULT_WORKFLOW_CACHE_SIZE).toBe(500);
  expect(loadConfig({}).WORKFLOW_CACHE_SIZE).toBe(500);
  expect(loadConfig({ WORKFLOW_CACHE_SIZE: '2000' }).WORKFLOW_CACHE_SIZE).toBe(2000);
  expect(() => loadConfig({ WORKFLOW_CACHE_SIZE: 'many' })).toThrow(/WORKFLOW_CACHE_SIZE/);
  expect(() => loadConfig({ WORKFLOW_CACHE_SIZE: '-1' })).toThrow(/WORKFLOW_CACHE_SIZE/);
});
