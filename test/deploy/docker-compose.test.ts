/**
 * The production-like compose file is valid: `docker-compose config -q` parses it, resolves
 * its variables and checks its schema (no engine needed). docker-compose is found on PATH (or
 * the docker client's compose plugin), else installed with apt-get when root, else the test
 * fails naming the command: never skipped.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { aptInstall, canAptInstall, onPath } from '../../scripts/system-tools';

const ROOT = path.resolve(__dirname, '../..');

function composeCommand(): string[] | null {
  const standalone = onPath('docker-compose');
  if (standalone) return [standalone];
  const docker = onPath('docker');
  if (docker && spawnSync(docker, ['compose', 'version'], { stdio: 'ignore' }).status === 0) return [docker, 'compose'];
  return null;
}

async function resolveCompose(): Promise<string[]> {
  const found = composeCommand();
  if (found) return found;
  if (canAptInstall() && (await aptInstall(['docker-compose'], (m) => console.log(`[docker-compose] ${m}`)))) {
    const installed = composeCommand();
    if (installed) return installed;
  }
  throw new Error('docker-compose is needed to validate docker-compose.yml: `sudo apt-get install -y docker-compose` (Debian/Ubuntu), or the docker compose plugin');
}

test('docker-compose.yml is a valid compose file', async () => {
  const [program, ...args] = await resolveCompose();
  const result = spawnSync(program, [...args, '-f', 'docker-compose.yml', 'config', '-q'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`docker-compose config failed (${result.status ?? result.error}): ${result.stderr}`);
  expect(result.status).toBe(0);
}, 15 * 60_000);
