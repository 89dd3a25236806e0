/**
 * Replays recorded workflow histories (test/fixtures/histories/*.json) against the current
 * workflow code: a change that would break running inspections fails here, before it ships.
 * Usage: npx tsx scripts/replay-histories.ts [dir]   — exits 1 on any non-determinism.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../activities/worker';

async function main() {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '../test/fixtures/histories'));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no histories in ${dir}`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const histories = files.map((file) => ({
    workflowId: path.basename(file, '.json'),
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))),
  }));
  let failed = 0;
  for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories)) {
    if (result.error) {
      failed++;
      console.log(`FAIL ${result.workflowId}: ${result.error.message}`);
    } else {
      console.log(`ok   ${result.workflowId}`);
    }
  }
  console.log(`${files.length - failed} replayed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
