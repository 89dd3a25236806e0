/**
 * `npm start` as a user runs it — real processes, real dev server, real HTTP — killed with
 * `kill -9` in the middle of an inspection, then started again: the dev server did not outlive
 * the start (no orphan, no bind error), the inspection finishes where it stopped, each row is
 * written once, and after Ctrl-C no process of the stack is left. Slow: each start bundles the
 * workflows and starts a dev server (~10–20 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient } from '../../db';
import { freePort, isProcessAlive, parentPid, portIsFree, readCmdline } from '../../scripts/processes';
import { resolveTemporalCli } from '../../scripts/temporal-cli';
import { assignmentsFor, compliantResults } from '../support/factories';
import { chinaDate } from '../../domain/dates';

const ROOT = path.resolve(__dirname, '../..');
const START_TIMEOUT_MS = 240_000;

interface Ports {
  api: number;
  dev: number;
  ui: number;
}

interface Run {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

const dataDirs: string[] = [];
const devPorts: number[] = [];
const runs: Run[] = [];

afterAll(async () => {
  // A failed test must not leave its stack running on the machine.
  // The group outlives npm when npm itself was killed, so it is killed even when npm has exited.
  for (const run of runs) {
    try {
      process.kill(-run.child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
  // Nor a dev server (the one this suite proves cannot be orphaned, should that ever break).
  for (const port of devPorts) for (const pid of devServersOn(port)) process.kill(pid, 'SIGKILL');
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function freshSetup(): Promise<{ dataDir: string; ports: Ports }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-npm-start-'));
  dataDirs.push(dataDir);
  const ports = { api: await freePort(), dev: await freePort(), ui: await freePort() };
  devPorts.push(ports.dev);
  return { dataDir, ports };
}

/** `npm start` in its own process group (as in a terminal), with the data dir and ports of this test. */
function npmStart(dataDir: string, ports: Ports): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('ONEVISIT_TEST_') || key.startsWith('TEMPORAL_') || key === 'DATABASE_URL') delete env[key];
  }
  if (process.env.TEMPORAL_CLI_PATH) env.TEMPORAL_CLI_PATH = process.env.TEMPORAL_CLI_PATH;
  Object.assign(env, {
    ONEVISIT_DATA_DIR: dataDir,
    PORT: String(ports.api),
    HOST: '127.0.0.1',
    TEMPORAL_DEV_PORT: String(ports.dev),
    TEMPORAL_UI_PORT: String(ports.ui),
    LOG_LEVEL: 'warn',
  });
  const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const run = { child, output, exited };
  runs.push(run);
  return run;
}

const text = (run: Run) => run.output.join('');

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, run?: Run): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (run && (run.child.exitCode !== null || run.child.signalCode !== null)) {
      throw new Error(`npm start ended while waiting for ${what}:\n${text(run)}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${run ? `:\n${text(run)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const waitReady = (run: Run) =>
  waitFor('ready', () => (text(run).includes('[onevisit] ready') ? true : undefined), START_TIMEOUT_MS, run);

function allPids(): number[] {
  return fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number);
}

/** The process and everything below it, now. */
function processTree(root: number): number[] {
  const pids = allPids();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const pid of pids) if (parentPid(pid) === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree.filter(isProcessAlive);
}

/** Any dev server on this test's port, whoever its parent is now (an orphan's parent is init). */
function devServersOn(port: number): number[] {
  return allPids().filter((pid) => {
    const cmdline = readCmdline(pid) ?? '';
    return cmdline.includes('start-dev') && cmdline.includes(`--port ${port} `) && isProcessAlive(pid);
  });
}

/** The node process that runs scripts/start.ts (below npm, sh and tsx). */
function startScriptPid(tree: number[]): number {
  const candidates = tree.filter((pid) => (readCmdline(pid) ?? '').includes('scripts/start.ts'));
  const deepest = candidates.find((pid) => !candidates.some((other) => parentPid(other) === pid));
  if (!deepest) throw new Error('no process runs scripts/start.ts');
  return deepest;
}

async function waitGone(pids: number[], devPort: number): Promise<void> {
  await waitFor(
    `processes ${pids.join(', ')} and the dev server on :${devPort} to end`,
    () => (pids.every((pid) => !isProcessAlive(pid)) && devServersOn(devPort).length === 0 ? true : undefined),
    60_000,
  );
}

function client(base: string, dataDir: string) {
  const users = (JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as {
    users: { key: string; token: string; officerId: string }[];
  }).users;
  const user = (key: string) => users.find((u) => u.key === key)!;
  const call = async (method: string, url: string, key: string, body?: unknown) => {
    const res = await fetch(`${base}/api${url}`, {
      method,
      headers: { authorization: `Bearer ${user(key).token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = await res.text();
    return { status: res.status, body: raw ? JSON.parse(raw) : null };
  };
  const statusOf = async (id: string) => {
    const res = await call('GET', `/inspections/${id}`, 'coordinator-2');
    return res.status === 200 ? (res.body.inspection.status as string) : `HTTP ${res.status}`;
  };
  const waitStatus = (id: string, status: string) =>
    waitFor(`inspection ${id} to be ${status}`, async () => ((await statusOf(id)) === status ? true : undefined), 60_000);
  return { call, user, waitStatus, statusOf };
}

type Victim = 'start.ts' | 'npm';

async function killMidLifecycleAndFinish(victim: Victim) {
  const { dataDir, ports } = await freshSetup();
  const base = `http://127.0.0.1:${ports.api}`;

  // 1. Start, schedule a joint visit, check in.
  const first = npmStart(dataDir, ports);
  await waitReady(first);
  let api = client(base, dataDir);
  const targets = await api.call('GET', '/targets?scenarioCode=RESTAURANT', 'coordinator-2');
  expect(targets.status).toBe(200);
  const scheduled = await api.call('POST', '/inspections', 'coordinator-2', {
    targetId: targets.body[0].id,
    scenarioCode: 'RESTAURANT',
    // The system under test runs on the real clock: a visit is checked in on its day.
    scheduledFor: chinaDate(new Date().toISOString()),
    departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
    team: [{ officerId: api.user('market-1').officerId, isLead: true }, { officerId: api.user('fire-1').officerId }],
  });
  expect(scheduled.status).toBe(202);
  const id: string = scheduled.body.id;
  await api.waitStatus(id, 'SCHEDULED');
  const checkIn = await api.call('POST', `/inspections/${id}/check-in`, 'market-1', {
    officerIds: [api.user('market-1').officerId, api.user('fire-1').officerId],
  });
  expect(checkIn.status).toBe(200);
  expect(checkIn.body.status).toBe('ON_SITE');

  // 2. kill -9 in the middle of the lifecycle: the dev server and every process go with it.
  const tree = processTree(first.child.pid!);
  const [devServer] = devServersOn(ports.dev);
  expect(devServer).toBeDefined();
  const killed = victim === 'npm' ? first.child.pid! : startScriptPid(tree);
  process.kill(killed, 'SIGKILL');
  await first.exited;
  await waitGone([...tree, devServer], ports.dev);
  expect(await portIsFree(ports.dev)).toBe(true);
  if (victim === 'npm') expect(text(first)).toContain('the launching process ended');

  // 3. Start again on the same data: no bind error, the inspection is where it was and finishes.
  const second = npmStart(dataDir, ports);
  await waitReady(second);
  expect(text(first) + text(second)).not.toMatch(/address already in use/);
  api = client(base, dataDir);
  expect(await api.statusOf(id)).toBe('ON_SITE');
  const prisma = createPrismaClient(`file:${path.join(dataDir, 'onevisit.db')}`);
  try {
    const [market, fire] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
    const marketChecks = await api.call('PUT', `/inspections/${id}/checks/MARKET`, 'market-1', { results: compliantResults(market) });
    expect(marketChecks.status).toBe(200);
    const fireChecks = await api.call('PUT', `/inspections/${id}/checks/FIRE`, 'fire-1', { results: compliantResults(fire) });
    expect(fireChecks.status).toBe(200);
    await api.waitStatus(id, 'CLOSED');

    // 4. Each row once: one inspection, one audit event per step.
    expect(await prisma.jointInspection.count({ where: { id } })).toBe(1);
    const events = await prisma.auditEvent.findMany({ where: { subjectId: id }, select: { action: true, idempotencyKey: true } });
    const count = (action: string) => events.filter((e) => e.action === action).length;
    expect(count('INSPECTION_SCHEDULED')).toBe(1);
    expect(count('INSPECTION_CHECKED_IN')).toBe(1);
    expect(count('DEPARTMENT_CHECKS_SUBMITTED')).toBe(2);
    expect(count('INSPECTION_CLOSED')).toBe(1);
    const keys = events.map((e) => e.idempotencyKey).filter((k) => k !== null);
    expect(new Set(keys).size).toBe(keys.length);
  } finally {
    await prisma.$disconnect();
  }

  // 5. Ctrl-C (SIGINT to the whole foreground group, as a terminal sends it) leaves no process.
  const secondTree = processTree(second.child.pid!);
  expect(devServersOn(ports.dev)).toHaveLength(1);
  process.kill(-second.child.pid!, 'SIGINT');
  await second.exited;
  await waitGone(secondTree, ports.dev);
  expect(text(second)).toContain('[onevisit] stopped');
  for (const port of [ports.api, ports.dev, ports.ui]) expect(await portIsFree(port)).toBe(true);
  expect(fs.existsSync(path.join(dataDir, 'temporal-dev-server.pid'))).toBe(false);
}

test('kill -9 of the node process running start.ts mid-inspection; npm start again finishes it', async () => {
  await killMidLifecycleAndFinish('start.ts');
}, 2 * START_TIMEOUT_MS + 120_000);

test('kill -9 of npm itself mid-inspection: the stack stops; npm start again finishes it', async () => {
  await killMidLifecycleAndFinish('npm');
}, 2 * START_TIMEOUT_MS + 120_000);

test('a dev server left by a start that is gone is stopped and said so; a port held by another program is named', async () => {
  const { dataDir, ports } = await freshSetup();
  // An orphan as a start without a death signal leaves it: its owner is gone, it holds the port.
  const cli = await resolveTemporalCli();
  expect(cli).not.toBeNull();
  const orphan = spawn(cli!.path, ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(ports.dev), '--headless'], {
    detached: true,
    stdio: 'ignore',
  });
  try {
    await waitFor('the orphan to listen', async () => ((await portIsFree(ports.dev)) ? undefined : true), 60_000);
    const deadOwner = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => deadOwner.on('exit', resolve));
    fs.writeFileSync(
      path.join(dataDir, 'temporal-dev-server.pid'),
      JSON.stringify({ pid: orphan.pid, ownerPid: deadOwner.pid, ownerStartTime: null, port: ports.dev, uiPort: null }),
    );
    const run = npmStart(dataDir, ports);
    await waitReady(run);
    expect(text(run)).toContain(`stopping the orphaned Temporal dev server (pid ${orphan.pid}, port ${ports.dev})`);
    expect(text(run)).not.toMatch(/address already in use/);
    expect(isProcessAlive(orphan.pid!)).toBe(false);
    const tree = processTree(run.child.pid!);
    process.kill(-run.child.pid!, 'SIGINT');
    await run.exited;
    await waitGone(tree, ports.dev);
  } finally {
    if (isProcessAlive(orphan.pid!)) orphan.kill('SIGKILL');
  }

  // Another program on the dev server's port: npm start stops with the port and that program's pid.
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(ports.dev, '127.0.0.1', resolve));
  try {
    const run = npmStart(dataDir, ports);
    const code = await run.exited;
    expect(code).not.toBe(0);
    expect(text(run)).toContain(`port ${ports.dev} is in use by pid ${process.pid}`);
    expect(text(run)).not.toContain('    at '); // a clear message, not a stack trace
    expect(devServersOn(ports.dev)).toHaveLength(0);
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
}, 2 * START_TIMEOUT_MS);
