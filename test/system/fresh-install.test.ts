/**
 * A county's own install: in production a fresh database gets the reference catalog and nothing
 * invented (no demo officers, businesses or logins) until `admin:create`; the catalog seed,
 * which runs on every start, never overwrites what the county edited; the demo county lands only
 * on an empty database.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient } from '../../db';
import { migrateAndSeed } from '../../scripts/migrate';
import { seedCatalog, seedDemoCounty, hasDemoCounty } from '../../prisma/seed';
import * as shipped from '../../prisma/seed-data/catalog';

const ROOT = path.resolve(__dirname, '../..');

function run(script: string, args: string[], env: NodeJS.ProcessEnv): string {
  const inherited = { ...process.env };
  delete inherited.DEMO_DATA;
  return execFileSync(process.execPath, [require.resolve('tsx/cli'), script, ...args], { cwd: ROOT, env: { ...inherited, ...env }, encoding: 'utf8' });
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-fresh-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('production: the catalog and no demo data, no users until admin:create', async () => {
  const url = `file:${path.join(dir, 'production.db')}`;
  // Each look is a client of its own: the scripts migrate the file while nothing else holds it.
  const look = async <T>(read: (prisma: ReturnType<typeof createPrismaClient>) => Promise<T>): Promise<T> => {
    const prisma = createPrismaClient(url);
    try {
      return await read(prisma);
    } finally {
      await prisma.$disconnect();
    }
  };
  const people = () => look(async (p) => ({ officers: await p.officer.count(), targets: await p.target.count(), tokens: await p.apiToken.count() }));

  expect(run('scripts/migrate.ts', [], { DATABASE_URL: url, NODE_ENV: 'production' })).toContain('demo county: off');
  expect(await look((p) => p.checkItem.count())).toBe(shipped.checkItems.length);
  expect(await look((p) => p.scenario.count())).toBe(shipped.scenarios.length);
  expect(await people()).toEqual({ officers: 0, targets: 0, tokens: 0 });
  expect(await look(hasDemoCounty)).toBe(false);

  run('scripts/admin-create.ts', ['--username', 'county.admin'], { DATABASE_URL: url, NODE_ENV: 'production' });
  const officers = await look((p) => p.officer.findMany({ include: { roles: true } }));
  expect(officers.map((o) => [o.username, o.roles.map((r) => r.role)])).toEqual([['county.admin', ['ADMIN']]]);

  // Started again (as every start does): still nothing invented.
  run('scripts/migrate.ts', [], { DATABASE_URL: url, NODE_ENV: 'production' });
  expect(await people()).toEqual({ officers: 1, targets: 0, tokens: 0 });
}, 180_000);

test('the demo county lands only on an empty database, once', async () => {
  const url = `file:${path.join(dir, 'county.db')}`;
  const first = await migrateAndSeed(url, { demo: false });
  expect(first.demo).toBe('off');
  const prisma = createPrismaClient(url);
  try {
    await prisma.officer.create({ data: { key: 'own-1', name: '本县执法人员' } });
    expect(await seedDemoCounty(prisma)).toBe('not-empty');
    expect(await prisma.target.count()).toBe(0);
  } finally {
    await prisma.$disconnect();
  }

  const demoUrl = `file:${path.join(dir, 'demo.db')}`;
  expect((await migrateAndSeed(demoUrl, { demo: true })).demo).toBe('created');
  expect((await migrateAndSeed(demoUrl, { demo: true })).demo).toBe('present');
  const demo = createPrismaClient(demoUrl);
  try {
    expect(await demo.officer.count()).toBe(shipped.officers.length);
    expect(await demo.target.count()).toBe(shipped.targets.length);
  } finally {
    await demo.$disconnect();
  }
}, 180_000);

test("a later catalog updates the rows the county left alone and keeps the county's edits", async () => {
  const url = `file:${path.join(dir, 'edits.db')}`;
  await migrateAndSeed(url, { demo: false });
  const prisma = createPrismaClient(url);
  try {
    const [edited, untouched] = shipped.checkItems;
    await prisma.checkItem.update({ where: { code: edited.code }, data: { title: '本县修改后的检查事项' } });
    const scenario = shipped.scenarios[0];
    await prisma.scenario.update({ where: { code: scenario.code }, data: { description: '本县的说明' } });

    const next = {
      ...shipped,
      checkItems: shipped.checkItems.map((i) => (i.code === edited.code || i.code === untouched.code ? { ...i, title: `${i.title}（新版）` } : i)),
      scenarios: shipped.scenarios.map((s) => (s.code === scenario.code ? { ...s, name: `${s.name}（新版）` } : s)),
    };
    const summary = await seedCatalog(prisma, next);
    expect(summary.keptEdits.sort()).toEqual([`CheckItem:${edited.code}`, `Scenario:${scenario.code}`].sort());
    expect(summary.written).toBe(1);
    expect((await prisma.checkItem.findUniqueOrThrow({ where: { code: edited.code } })).title).toBe('本县修改后的检查事项');
    expect((await prisma.checkItem.findUniqueOrThrow({ where: { code: untouched.code } })).title).toBe(`${untouched.title}（新版）`);
    const kept = await prisma.scenario.findUniqueOrThrow({ where: { code: scenario.code } });
    expect({ name: kept.name, description: kept.description }).toEqual({ name: scenario.name, description: '本县的说明' });

    // Run again with the same catalog: nothing to write, the edits still reported.
    const again = await seedCatalog(prisma, next);
    expect(again.written).toBe(0);
    expect(again.keptEdits).toHaveLength(2);
  } finally {
    await prisma.$disconnect();
  }
}, 180_000);
