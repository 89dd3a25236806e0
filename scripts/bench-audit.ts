/**
 * `npm run bench:audit`: what the audit chain costs. Recorded steps (writeOnce: idempotency key,
 * one business row, the audit event, one transaction) per second, with the chain and without it
 * (the same transaction writing an unchained event, as before the chain), in the same run, on
 * fresh migrated databases in a temp folder (SQLite) or on a throwaway PostgreSQL cluster (or
 * PG_URL). Several writers at once (the worker's activities and the API run concurrently).
 * Runs alternate the two modes; prints the median, min and max of each, then how long the
 * verifier takes over the chained database.
 *
 *   npm run bench:audit -- [--database sqlite|postgresql] [--writes 1000] [--concurrency 8] [--runs 5]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient, startAuditChain, verifyAuditChain, writeOnce, type PrismaClient, type Tx } from '../db';
import { median } from '../domain/rapid-response';
import { migrateDatabase } from './migrate';
import { adminQuery, startPostgres, type PostgresServer } from './postgres';

const log = (message: string) => console.log(`[bench:audit ${new Date().toISOString().slice(11, 19)}] ${message}`);

function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

type Mode = 'unchained' | 'chained';

/** The step's business row: a workflow state, as most recorded steps store one. */
const businessRow = (tx: Tx, key: string) =>
  tx.workflowState.create({ data: { workflowId: key, version: 1, stateJson: JSON.stringify({ status: 'ON_SITE', key }), updatedAt: new Date() } });

const entryOf = (i: number) => ({
  actor: { officerId: 'bench-officer', name: '基准测试' },
  action: 'CHECKS_SUBMITTED',
  subjectType: 'JointInspection',
  subjectId: `bench-${i % 50}`,
  at: new Date(),
  payload: { department: 'MARKET', items: 6, i },
});

/** writeOnce as it was before the chain: the same reads and writes, the event unchained. */
async function unchainedStep(prisma: PrismaClient, key: string, i: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const existing = await tx.auditEvent.findUnique({ where: { idempotencyKey: key }, select: { id: true } });
    if (existing) return;
    const e = entryOf(i);
    // The baseline on purpose: the write the chain replaced.
    // eslint-disable-next-line no-restricted-syntax
    await tx.auditEvent.create({
      data: { idempotencyKey: key, actorId: e.actor.officerId, actorName: e.actor.name, action: e.action, subjectType: e.subjectType, subjectId: e.subjectId, at: e.at, payloadJson: JSON.stringify(e.payload) },
    });
    await businessRow(tx, key);
  });
}

async function chainedStep(prisma: PrismaClient, key: string, i: number): Promise<void> {
  await writeOnce(prisma, key, entryOf(i), (tx) => businessRow(tx, key).then(() => undefined));
}

async function measure(prisma: PrismaClient, mode: Mode, writes: number, concurrency: number): Promise<number> {
  const run = randomUUID().slice(0, 8);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < writes; i = next++) {
        const key = `bench-${run}-${i}`;
        await (mode === 'chained' ? chainedStep(prisma, key, i) : unchainedStep(prisma, key, i));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return writes / seconds;
}

async function databases(kind: string): Promise<{ urls: Record<Mode, string>; stop(): Promise<void> }> {
  if (kind === 'postgresql') {
    const server: PostgresServer = await startPostgres({ log });
    const prefix = `onevisit_bench_audit_${randomUUID().slice(0, 8)}_`;
    const urls = {} as Record<Mode, string>;
    for (const mode of ['unchained', 'chained'] as Mode[]) {
      await adminQuery(server, `CREATE DATABASE "${prefix}${mode}"`);
      urls[mode] = server.urlOf(`${prefix}${mode}`);
    }
    return {
      urls,
      async stop() {
        if (!server.owned) for (const mode of ['unchained', 'chained']) await adminQuery(server, `DROP DATABASE IF EXISTS "${prefix}${mode}" WITH (FORCE)`);
        await server.stop();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-bench-audit-'));
  return {
    urls: { unchained: `file:${path.join(dir, 'unchained.db')}`, chained: `file:${path.join(dir, 'chained.db')}` },
    stop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function main(): Promise<void> {
  const kind = argValue('database', 'sqlite');
  const writes = Number(argValue('writes', '1000'));
  const concurrency = Number(argValue('concurrency', '8'));
  const runs = Number(argValue('runs', '5'));
  const { urls, stop } = await databases(kind);
  const clients = {} as Record<Mode, PrismaClient>;
  try {
    for (const mode of ['unchained', 'chained'] as Mode[]) {
      await migrateDatabase(urls[mode]);
      clients[mode] = createPrismaClient(urls[mode], { poolSize: concurrency });
      if (kind === 'sqlite') await clients[mode].$queryRawUnsafe('PRAGMA journal_mode = WAL');
      await startAuditChain(clients[mode]);
    }
    log(`${kind}: ${runs} runs of ${writes} recorded steps, ${concurrency} writers at once (warm-up first)`);
    await measure(clients.unchained, 'unchained', Math.min(200, writes), concurrency);
    await measure(clients.chained, 'chained', Math.min(200, writes), concurrency);
    const rates: Record<Mode, number[]> = { unchained: [], chained: [] };
    for (let r = 0; r < runs; r++) {
      // Alternate which goes first, so a warming cache or a busy neighbour does not favour one.
      const order: Mode[] = r % 2 === 0 ? ['unchained', 'chained'] : ['chained', 'unchained'];
      for (const mode of order) rates[mode].push(await measure(clients[mode], mode, writes, concurrency));
      log(`run ${r + 1}: unchained ${rates.unchained.at(-1)!.toFixed(0)}/s, chained ${rates.chained.at(-1)!.toFixed(0)}/s`);
    }
    const summary = (mode: Mode) => `${median(rates[mode])!.toFixed(0)}/s (min ${Math.min(...rates[mode]).toFixed(0)}, max ${Math.max(...rates[mode]).toFixed(0)})`;
    const ratio = median(rates.chained)! / median(rates.unchained)!;
    console.log(`\n${kind}, ${concurrency} writers, ${writes} steps × ${runs} runs`);
    console.log(`unchained: ${summary('unchained')}`);
    console.log(`chained:   ${summary('chained')}`);
    console.log(`chained / unchained (medians): ${(ratio * 100).toFixed(0)} %`);
    const t0 = Date.now();
    const report = await verifyAuditChain(clients.chained);
    console.log(`verify: ${report.events} events in ${Date.now() - t0} ms, ok=${report.ok}`);
    if (!report.ok) throw new Error(`the chain of the benchmark is broken: ${JSON.stringify(report.firstBroken)}`);
  } finally {
    for (const client of Object.values(clients)) await client.$disconnect();
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
