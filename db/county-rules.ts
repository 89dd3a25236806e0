/**
 * The county's published rules besides the scenario lists: the frequency caps of visits (频次上限)
 * and the 首违不罚 list. One seam for every reader (the planner's defaults, direct scheduling, the
 * 首违不罚 disposition), so where the values come from is decided here only: the version of the
 * kind in effect on the day (domain/county-rules.ts, published like a scenario list).
 */
import { contentOf, type CountyRuleKind } from '../domain/county-rules';
import { DEFAULT_FREQUENCY_CAPS, type FrequencyCaps } from '../domain/planning';
import { versionInEffect } from '../domain/scenario-lists';
import type { Prisma, PrismaClient, Tx } from './client';
import { sqlOf, type RawSql } from './driver-sql';

/**
 * The published version of `kind` in effect on a China date (YYYY-MM-DD), or null before the
 * first. One raw statement, the same on SQLite and PostgreSQL: every scheduling command reads
 * it, and Prisma 6.19 compiles each model call anew. Published versions are few and small.
 */
export async function countyRuleInEffect(db: RawSql, kind: CountyRuleKind, onDate: string) {
  const published = await sqlOf(db).$queryRaw<Prisma.CountyRuleVersionGetPayload<object>[]>`
    SELECT * FROM "CountyRuleVersion" WHERE "kind" = ${kind} AND "status" = 'PUBLISHED' AND "effectiveFrom" <= ${onDate}`;
  return versionInEffect(published, onDate) ?? null;
}

/** The frequency caps in effect on a China date (YYYY-MM-DD). */
export async function frequencyCapsInEffect(prisma: PrismaClient | Tx, onDate: string): Promise<FrequencyCaps> {
  const version = await countyRuleInEffect(prisma, 'FREQUENCY_CAPS', onDate);
  if (!version) return DEFAULT_FREQUENCY_CAPS; // nothing published yet (a database never seeded): the shipped defaults
  const content = contentOf('FREQUENCY_CAPS', version.contentJson);
  return content.kind === 'FREQUENCY_CAPS' ? content.caps : DEFAULT_FREQUENCY_CAPS;
}

/** Whether a check item is on the 首违不罚 list in effect on a China date. */
export async function noPenaltyListedOn(prisma: PrismaClient | Tx, itemCode: string, onDate: string): Promise<boolean> {
  const version = await countyRuleInEffect(prisma, 'NO_PENALTY_LIST', onDate);
  if (!version) {
    // Nothing published yet (a database never seeded): the shipped catalog's flag, as before #13.
    const item = await prisma.checkItem.findUnique({ where: { code: itemCode }, select: { noPenaltyListed: true } });
    return item?.noPenaltyListed ?? false;
  }
  const content = contentOf('NO_PENALTY_LIST', version.contentJson);
  return content.kind === 'NO_PENALTY_LIST' && content.itemCodes.includes(itemCode);
}
