/**
 * The shipped reference catalog (departments, check items, scenarios) and, on request, the demo
 * county (demo officers and demo businesses).
 *
 * The catalog runs on every start and never overwrites a county's own edits: each row's seeded
 * values are remembered as a digest (SeedRecord); a later catalog updates a row only while the
 * row still holds what the seed wrote last. A row the county changed is kept and reported.
 *
 * The demo county is created once, on an empty database (no officers, no businesses), and only
 * when asked (`npm start` outside production); after that it is the county's data like any other.
 */
import { createHash } from 'node:crypto';
import { measurementColumns, type PrismaClient, type Tx } from '../db';
import { isNoPenaltyListed } from '../domain/catalog';
import { contentJsonOf, type CountyRuleContent } from '../domain/county-rules';
import { DEFAULT_FREQUENCY_CAPS } from '../domain/planning';
import { INITIAL_LIST_EFFECTIVE_FROM } from '../domain/scenario-lists';
import * as shipped from './seed-data/catalog';

export interface SeedCatalog {
  departments: typeof shipped.departments;
  checkItems: typeof shipped.checkItems;
  scenarios: typeof shipped.scenarios;
  noPenaltyList: readonly string[];
}

export interface SeedSummary {
  departments: number;
  checkItems: number;
  scenarios: number;
  /** Rows created or brought up to the shipped catalog by this run. */
  written: number;
  /** Rows the county edited, left as they are (model:key). */
  keptEdits: string[];
}

export type DemoOutcome = 'created' | 'present' | 'not-empty' | 'off';

/** Key order does not count: a row read back may list its fields in another order. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
      : value;
const digestOf = (values: unknown) => createHash('sha256').update(JSON.stringify(canonical(values))).digest('hex');

/**
 * Writes one catalog row: creates it when missing, updates it while it holds what the seed wrote
 * last (or, for rows seeded before digests were kept, always — the seed overwrote them then), and
 * otherwise leaves the county's edit alone. `current` reads the managed values from the row.
 */
async function seedRow<T>(
  tx: Tx,
  model: string,
  key: string,
  wanted: T,
  current: () => Promise<T | null>,
  write: (exists: boolean) => Promise<void>,
  summary: SeedSummary,
  at: Date,
): Promise<void> {
  const wantedDigest = digestOf(wanted);
  const [row, record] = await Promise.all([current(), tx.seedRecord.findUnique({ where: { model_key: { model, key } } })]);
  if (row !== null) {
    const rowDigest = digestOf(row);
    if (record && record.digest !== rowDigest) {
      summary.keptEdits.push(`${model}:${key}`);
      return;
    }
    if (rowDigest !== wantedDigest) {
      await write(true);
      summary.written += 1;
    }
  } else {
    await write(false);
    summary.written += 1;
  }
  if (record?.digest !== wantedDigest) {
    await tx.seedRecord.upsert({
      where: { model_key: { model, key } },
      create: { model, key, digest: wantedDigest, updatedAt: at },
      update: { digest: wantedDigest, updatedAt: at },
    });
  }
}

export async function seedCatalog(prisma: PrismaClient, catalog: SeedCatalog = shipped, at = new Date()): Promise<SeedSummary> {
  const summary: SeedSummary = {
    departments: catalog.departments.length,
    checkItems: catalog.checkItems.length,
    scenarios: catalog.scenarios.length,
    written: 0,
    keptEdits: [],
  };
  await prisma.$transaction(
    async (tx) => {
      for (const d of catalog.departments) {
        const wanted = { name: d.name, shortName: d.shortName };
        await seedRow(
          tx,
          'Department',
          d.code,
          wanted,
          () => tx.department.findUnique({ where: { code: d.code }, select: { name: true, shortName: true } }),
          async (exists) => {
            if (exists) await tx.department.update({ where: { code: d.code }, data: wanted });
            else await tx.department.create({ data: { code: d.code, ...wanted } });
          },
          summary,
          at,
        );
      }
      const departmentIds = new Map((await tx.department.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));

      for (const item of catalog.checkItems) {
        const m = item.measurement;
        const wanted = {
          departmentId: departmentIds.get(item.departmentCode)!,
          title: item.title,
          legalBasis: item.legalBasis,
          method: item.method,
          severity: item.severity,
          noPenaltyListed: isNoPenaltyListed(item.code, catalog.noPenaltyList),
          ...measurementColumns(m),
        };
        await seedRow(
          tx,
          'CheckItem',
          item.code,
          wanted,
          () =>
            tx.checkItem.findUnique({
              where: { code: item.code },
              select: Object.fromEntries(Object.keys(wanted).map((k) => [k, true])) as Record<keyof typeof wanted, true>,
            }) as Promise<typeof wanted | null>,
          async (exists) => {
            if (exists) await tx.checkItem.update({ where: { code: item.code }, data: wanted });
            else await tx.checkItem.create({ data: { code: item.code, ...wanted } });
          },
          summary,
          at,
        );
      }
      const itemIds = new Map((await tx.checkItem.findMany({ select: { id: true, code: true } })).map((i) => [i.code, i.id]));

      // The county's 首违不罚 list and frequency caps start as the shipped ones, published as
      // version 1 (as the migration made them for databases from before #13). Only while the kind
      // has no version at all: after that the versions are the county's, never the seed's.
      await createInitialCountyRule(tx, { kind: 'NO_PENALTY_LIST', itemCodes: catalog.noPenaltyList.filter((code) => itemIds.has(code)) }, at);
      await createInitialCountyRule(tx, { kind: 'FREQUENCY_CAPS', caps: DEFAULT_FREQUENCY_CAPS }, at);

      for (const s of catalog.scenarios) {
        const wanted = { name: s.name, description: s.description, itemCodes: s.itemCodes };
        const current = async () => {
          const row = await tx.scenario.findUnique({
            where: { code: s.code },
            include: { items: { orderBy: { position: 'asc' }, select: { checkItem: { select: { code: true } } } } },
          });
          return row && { name: row.name, description: row.description, itemCodes: row.items.map((i) => i.checkItem.code) };
        };
        await seedRow(
          tx,
          'Scenario',
          s.code,
          wanted,
          current,
          async (exists) => {
            const scenario = await tx.scenario.upsert({
              where: { code: s.code },
              create: { code: s.code, name: s.name, description: s.description },
              update: { name: s.name, description: s.description },
            });
            await tx.scenarioItem.deleteMany({ where: { scenarioId: scenario.id } });
            await tx.scenarioItem.createMany({
              data: s.itemCodes.map((code, position) => ({ scenarioId: scenario.id, checkItemId: itemIds.get(code)!, position })),
            });
            // A new scenario starts with its shipped list published as version 1, as the migration
            // made it for the scenarios before versions. A later shipped list never publishes
            // itself: versions are the county's, changed by draft, review and publication.
            if (!exists) await createInitialListVersion(tx, scenario.id, s.itemCodes.map((code) => itemIds.get(code)!), at);
          },
          summary,
          at,
        );
      }
    },
    { timeout: 60_000 },
  );
  return summary;
}

/** Version 1 of a scenario's list, published and in effect from INITIAL_LIST_EFFECTIVE_FROM (like the migration's). */
async function createInitialListVersion(tx: Tx, scenarioId: string, checkItemIds: string[], at: Date): Promise<void> {
  if ((await tx.scenarioListVersion.count({ where: { scenarioId } })) > 0) return;
  await tx.scenarioListVersion.create({
    data: {
      scenarioId,
      version: 1,
      status: 'PUBLISHED',
      effectiveFrom: INITIAL_LIST_EFFECTIVE_FROM,
      note: '随系统提供的场景清单',
      createdById: 'system',
      createdAt: at,
      publishedById: 'system',
      publishedAt: at,
      updatedAt: at,
      items: { create: checkItemIds.map((checkItemId, position) => ({ checkItemId, position })) },
    },
  });
}

/** Version 1 of a county rule, published and in effect from INITIAL_LIST_EFFECTIVE_FROM (like the migration's). */
async function createInitialCountyRule(tx: Tx, content: CountyRuleContent, at: Date): Promise<void> {
  if ((await tx.countyRuleVersion.count({ where: { kind: content.kind } })) > 0) return;
  await tx.countyRuleVersion.create({
    data: {
      kind: content.kind,
      version: 1,
      status: 'PUBLISHED',
      effectiveFrom: INITIAL_LIST_EFFECTIVE_FROM,
      contentJson: contentJsonOf(content),
      note: '随系统提供的清单',
      createdById: 'system',
      createdAt: at,
      publishedById: 'system',
      publishedAt: at,
      updatedAt: at,
    },
  });
}

const DEMO_MARK = { model: 'demo', key: 'installed' } as const;

/**
 * The demo county (invented officers and businesses), created once on an empty database. A
 * database that already has officers or businesses of its own never gets any.
 */
export async function seedDemoCounty(prisma: PrismaClient, at = new Date()): Promise<DemoOutcome> {
  return prisma.$transaction(
    async (tx) => {
      if (await tx.seedRecord.findUnique({ where: { model_key: DEMO_MARK } })) return 'present';
      if ((await tx.officer.count()) > 0 || (await tx.target.count()) > 0) return 'not-empty';
      const departmentIds = new Map((await tx.department.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
      const township = await tx.township.create({
        data: {
          ...shipped.demoTownship,
          villages: { create: shipped.villages.map((name) => ({ name, kind: name.endsWith('社区') ? 'COMMUNITY' : 'VILLAGE' })) },
        },
      });
      for (const o of shipped.officers) {
        await tx.officer.create({
          data: {
            key: o.key,
            name: o.name,
            departmentId: o.departmentCode ? departmentIds.get(o.departmentCode)! : null,
            certificateNo: o.certificateNo,
            certificateExpiresOn: o.certificateExpiresOn ? new Date(`${o.certificateExpiresOn}T00:00:00.000Z`) : null,
            legalQualified: o.legalQualified,
            roles: { create: o.roles.map((role) => ({ role })) },
            // The demo's administrator is the county's; everyone else works in the one township.
            countyWide: o.roles.includes('ADMIN'),
            townships: { create: [{ townshipId: township.id }] },
          },
        });
      }
      await tx.target.createMany({
        data: shipped.targets.map((t) => ({
          key: t.key,
          name: t.name,
          creditCode: t.creditCode,
          address: t.address,
          village: t.village,
          scenarioCode: t.scenarioCode,
          riskClass: t.riskClass,
          latitude: t.latitude ?? null,
          longitude: t.longitude ?? null,
          townshipId: township.id,
        })),
      });
      await tx.seedRecord.create({ data: { ...DEMO_MARK, digest: digestOf(shipped.officers.map((o) => o.key)), updatedAt: at } });
      return 'created';
    },
    { timeout: 60_000 },
  );
}

/** Whether this database holds the demo county (its demo logins may be handed out). */
export async function hasDemoCounty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.seedRecord.findUnique({ where: { model_key: DEMO_MARK } })) !== null;
}
