/**
 * `npm run bench:read-cpu`: CPU time of one answer of the hot reads, by the two ways each can
 * be read — Prisma and prepared statements on the read-only side connection (api/read-cache.ts,
 * db/inspection-list.ts) — on a migrated and seeded SQLite database with N inspections.
 * CPU time (process.cpuUsage) rather than wall time, so a busy machine changes the figures
 * little: what the API's event loop spends, not how long it waited for a core.
 *
 *   npm run bench:read-cpu -- [--inspections 1000] [--rounds 2000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createPrismaClient } from '../db';
import { inspectionListWithPrisma, type InspectionListFilter } from '../db/inspection-list';
import { createReadCache } from '../api/read-cache';
import { median } from '../domain/rapid-response';
import { migrateAndSeed } from './migrate';

function argValue(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

/** Median CPU µs of one call over `rounds` calls, in batches of 50 (the first batch warms up). */
async function cpuPerCall(rounds: number, call: () => unknown): Promise<number> {
  const batches: number[] = [];
  for (let done = 0; done < rounds + 50; done += 50) {
    const start = process.cpuUsage();
    for (let i = 0; i < 50; i++) await call();
    const used = process.cpuUsage(start);
    if (done >= 50) batches.push((used.user + used.system) / 50);
  }
  return median(batches)!;
}

async function main() {
  const argv = process.argv.slice(2);
  const count = Number(argValue(argv, 'inspections', '1000'));
  const rounds = Number(argValue(argv, 'rounds', '2000'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-bench-read-cpu-'));
  const databaseUrl = `file:${path.join(dir, 'app.db')}`;
  await migrateAndSeed(databaseUrl, { demo: true });
  const prisma = createPrismaClient(databaseUrl);
  const [targets, scenario, departments, officer, township] = await Promise.all([
    prisma.target.findMany({ take: 4 }),
    prisma.scenario.findFirstOrThrow({ where: { code: 'RESTAURANT' } }),
    prisma.department.findMany({ where: { code: { in: ['MARKET', 'FIRE'] } } }),
    prisma.officer.findFirstOrThrow(),
    prisma.township.findFirstOrThrow(),
  ]);
  await prisma.target.updateMany({ where: { id: { in: targets.map((t) => t.id) } }, data: { townshipId: township.id } });
  const year = new Date().getUTCFullYear();
  for (let n = 0; n < count; n++) {
    const id = randomUUID();
    const at = new Date(Date.UTC(year, 0, 1 + (n % 300), 8, n % 60));
    await prisma.jointInspection.create({
      data: {
        id,
        workflowId: `inspection-${id}`,
        targetId: targets[n % targets.length].id,
        scenarioId: scenario.id,
        scheduledFor: new Date(Date.UTC(year, 0, 1 + (n % 300))),
        status: 'CLOSED',
        scheduledById: officer.id,
        checkInAt: at,
        closedAt: at,
        createdAt: at,
        updatedAt: at,
        checks: { create: departments.map((d) => ({ departmentId: d.id, submittedAt: at })) },
      },
    });
  }
  const cache = createReadCache(databaseUrl);
  const someId = (await prisma.jointInspection.findFirstOrThrow()).id;
  const filter: InspectionListFilter = { townships: [township.id], page: 1, pageSize: 20 };
  const figures = {
    'list, Prisma': await cpuPerCall(rounds, () => inspectionListWithPrisma(prisma, filter)),
    'list, prepared statements': await cpuPerCall(rounds, () => cache.inspectionList(filter)),
    "inspection's township, Prisma": await cpuPerCall(rounds, () =>
      prisma.jointInspection.findUnique({ where: { id: someId }, select: { target: { select: { townshipId: true } } } }),
    ),
    "inspection's township, prepared statement": await cpuPerCall(rounds, () => cache.inspectionTownship(someId)),
  };
  console.log(`| read (${count} inspections, first page of 20, one township) | CPU µs per answer (median of batches of 50) |`);
  console.log('|---|---:|');
  for (const [name, us] of Object.entries(figures)) console.log(`| ${name} | ${us.toFixed(0)} |`);
  console.log(`run on ${new Date().toISOString().slice(0, 16)} UTC, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  cache.close();
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
