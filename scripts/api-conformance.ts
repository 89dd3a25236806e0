/**
 * `npm run test:api`: the API answers as its OpenAPI document says, for every role. Starts a
 * throwaway stack of its own (dev server, migrated database with the demo county, worker and
 * API on a free port — like scripts/bench-api.ts), issues one API token per role
 * (domain/roles.ts) to a demo user of that role, and runs Schemathesis
 * (`st run <document> --checks all`) once per token with a bounded number of examples per
 * operation. Exits non-zero on any failure.
 *
 *   npm run test:api -- [--max-examples 5] [--roles COORDINATOR,LEADER] [--seed 1]
 *
 * Schemathesis (PyPI) is installed once, at a pinned version, into a venv under
 * ~/.cache/onevisit (ONEVISIT_SCHEMATHESIS_VENV moves it); python3 with venv is the only
 * prerequisite. Its settings (the statuses a check accepts, and why) are in
 * scripts/schemathesis.toml.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createPrismaClient, issueToken } from '../db';
import { createOnevisitWorker } from '../activities/worker';
import { DEFAULT_INSPECTION_POLICY } from '../domain/inspection';
import { ROLES, type Role } from '../domain/roles';
import { officers as demoOfficers } from '../prisma/seed-data/catalog';
import { startApi } from './api';
import { startDevServer } from './dev-server';
import { migrateAndSeed } from './migrate';

/** Pinned: a new Schemathesis release may add checks; take it on purpose, not by surprise. */
export const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = process.env.ONEVISIT_SCHEMATHESIS_VENV ?? path.join(os.homedir(), '.cache', 'onevisit', 'schemathesis-venv');
const CONFIG_FILE = path.join(__dirname, 'schemathesis.toml');

const log = (message: string) => console.log(`[test:api ${new Date().toISOString().slice(11, 19)}] ${message}`);

function argValue(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

/** The `st` of the cached venv, installed (or re-installed at the pinned version) when needed. */
function schemathesis(): string {
  const st = path.join(VENV, 'bin', 'st');
  const installed = fs.existsSync(st) ? spawnSync(st, ['--version'], { encoding: 'utf8' }).stdout : '';
  if (installed.includes(SCHEMATHESIS_VERSION)) return st;
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (python.error || python.status !== 0) {
    throw new Error('test:api needs python3 (with the venv module) to install Schemathesis: e.g. `apt-get install python3 python3-venv`');
  }
  log(`installing Schemathesis ${SCHEMATHESIS_VERSION} into ${VENV}`);
  fs.mkdirSync(path.dirname(VENV), { recursive: true });
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})${command === 'python3' ? ': is python3-venv installed?' : ''}`);
  };
  if (!fs.existsSync(path.join(VENV, 'bin', 'pip'))) run('python3', ['-m', 'venv', VENV]);
  run(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]);
  return st;
}

/** Runs Schemathesis for one role's token; resolves with its exit code. */
function runSchemathesis(st: string, options: { documentUrl: string; token: string; role: Role; maxExamples: number; seed: string; reportDir: string }): Promise<number> {
  const args = [
    '--config-file', CONFIG_FILE,
    'run', options.documentUrl,
    '--checks', 'all',
    '--header', `Authorization: Bearer ${options.token}`,
    '--max-examples', String(options.maxExamples),
    '--seed', options.seed,
    '--workers', '2',
    '--generation-database', 'none',
    '--report', 'junit',
    '--report-junit-path', path.join(options.reportDir, `${options.role}.xml`),
    '--no-color',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/** Whether a role's JUnit report has errors (Schemathesis could not run a case) but no failed check. */
function toolErrorsOnly(report: string): boolean {
  if (!fs.existsSync(report)) return false;
  const xml = fs.readFileSync(report, 'utf8');
  return /<error[\s>]/.test(xml) && !/<failure[\s>]/.test(xml);
}

/** One demo user per role: one who holds only that role where the demo county has one. */
function demoUserFor(role: Role): string {
  const holders = demoOfficers.filter((o) => (o.roles as readonly string[]).includes(role));
  const user = holders.find((o) => o.roles.length === 1) ?? holders[0];
  if (!user) throw new Error(`the demo county has no user with the role ${role}`);
  return user.key;
}

async function main() {
  const argv = process.argv.slice(2);
  const maxExamples = Number(argValue(argv, 'max-examples', '5'));
  const seed = argValue(argv, 'seed', '1');
  const roles = argValue(argv, 'roles', ROLES.join(',')).split(',') as Role[];
  for (const role of roles) if (!ROLES.includes(role)) throw new Error(`unknown role ${role}; roles: ${ROLES.join(', ')}`);
  const st = schemathesis();

  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-test-api-'));
  const databaseUrl = `file:${path.join(dir, 'app.db')}`;
  log(`starting the stack in ${dir}`);
  const [server] = await Promise.all([
    startDevServer({ dbFilename: path.join(dir, 'temporal.db'), log }),
    migrateAndSeed(databaseUrl, { demo: true }),
  ]);
  const prisma = createPrismaClient(databaseUrl);
  const taskQueue = `test-api-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await createOnevisitWorker({ connection, namespace: server.namespace, taskQueue, prisma });
  const running = worker.run();
  const api = await startApi({
    address: server.address,
    namespace: server.namespace,
    taskQueue,
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    policy: DEFAULT_INSPECTION_POLICY,
    logLevel: 'silent',
    // Schemathesis asks every route without a token (401 expected), thousands of times a minute
    // from one address: the throttle on failed authentications (tested in accounts.e2e) would
    // answer 429 instead. Raised here, never off.
    authFailuresPerMinute: 1_000_000,
  });
  const documentUrl = `http://127.0.0.1:${api.port}/api/openapi.json`;
  const reportDir = path.resolve(__dirname, '..', 'test', 'artifacts', 'api-conformance');
  fs.mkdirSync(reportDir, { recursive: true });

  const failed: Role[] = [];
  try {
    for (const role of roles) {
      const key = demoUserFor(role);
      const officer = await prisma.officer.findUniqueOrThrow({ where: { key } });
      const token = await issueToken(prisma, officer.id, `test:api ${role}`);
      log(`${role} (${key}): st run ${documentUrl} --checks all --max-examples ${maxExamples}`);
      const options = { documentUrl, token, role, maxExamples, seed, reportDir };
      let code = await runSchemathesis(st, options);
      // A run with errors of Schemathesis's own (a crash inside its generator, e.g. CPython's "AST
      // constructor recursion depth mismatch" in Hypothesis's lambda descriptions) and no check
      // failing says nothing about the API: that role runs once more. A check failure never does.
      if (code !== 0 && toolErrorsOnly(path.join(reportDir, `${role}.xml`))) {
        log(`${role}: Schemathesis stopped on an error of its own, no check failed; running the role again`);
        code = await runSchemathesis(st, options);
      }
      if (code !== 0) failed.push(role);
    }
  } finally {
    await api.close();
    worker.shutdown();
    await running;
    await connection.close();
    await prisma.$disconnect();
    await server.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (failed.length > 0) {
    log(`failures for ${failed.join(', ')} (JUnit reports in ${path.relative(process.cwd(), reportDir)})`);
    process.exit(1);
  }
  log(`0 failures for ${roles.join(', ')}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
