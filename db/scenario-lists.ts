/**
 * Reads of the scenario-list versions (domain/scenario-lists.ts) shared by the API and the
 * activities: which version is in effect on a day, with its items as the catalog has them.
 */
import { SCENARIO_LIST_STATUS_LABELS, versionInEffect, versionsInEffectDuring, type ScenarioListStatus } from '../domain/scenario-lists';
import type { Prisma, PrismaClient, Tx } from './client';
import { sqlOf, type RawSql } from './driver-sql';

/** A version with its items in list order, each with its department. */
export const LIST_VERSION_INCLUDE = {
  items: { orderBy: { position: 'asc' }, include: { checkItem: { include: { department: true } } } },
} as const;

const REF_SELECT = { id: true, version: true, status: true, effectiveFrom: true } as const;

/** A version with its items in list order, each with its department (what `LIST_VERSION_INCLUDE` reads). */
export type ListVersionWithItems = Prisma.ScenarioListVersionGetPayload<{ include: typeof LIST_VERSION_INCLUDE }>;

type ListItemRow = Prisma.CheckItemGetPayload<object> & {
  position: number;
  departmentCode: string;
  departmentName: string;
  departmentShortName: string;
  departmentTownshipId: string | null;
};

/**
 * The version of the scenario in effect on `date` (YYYY-MM-DD) with its items, or null before
 * the first. Raw SQL, the same on SQLite and PostgreSQL (every scheduling command reads it, and
 * Prisma 6.19 compiles each model call anew): the published versions, then the chosen one's
 * items joined to their departments.
 */
export async function scenarioListInEffect(db: RawSql, scenarioId: string, date: string): Promise<ListVersionWithItems | null> {
  const sql = sqlOf(db);
  const published = await sql.$queryRaw<Prisma.ScenarioListVersionGetPayload<object>[]>`
    SELECT * FROM "ScenarioListVersion" WHERE "scenarioId" = ${scenarioId} AND "status" = 'PUBLISHED' AND "effectiveFrom" <= ${date}`;
  const chosen = versionInEffect(published, date);
  if (!chosen) return null;
  const rows = await sql.$queryRaw<ListItemRow[]>`
    SELECT vi."position", c.*, d."code" AS "departmentCode", d."name" AS "departmentName", d."shortName" AS "departmentShortName",
           d."townshipId" AS "departmentTownshipId"
      FROM "ScenarioListVersionItem" vi JOIN "CheckItem" c ON c."id" = vi."checkItemId" JOIN "Department" d ON d."id" = c."departmentId"
     WHERE vi."versionId" = ${chosen.id} ORDER BY vi."position"`;
  return {
    ...chosen,
    items: rows.map(({ position, departmentCode, departmentName, departmentShortName, departmentTownshipId, ...checkItem }) => ({
      versionId: chosen.id,
      checkItemId: checkItem.id,
      position,
      checkItem: {
        ...checkItem,
        department: { id: checkItem.departmentId, code: departmentCode, name: departmentName, shortName: departmentShortName, townshipId: departmentTownshipId },
      },
    })),
  };
}

/** Every version of the scenario in effect on some day of [from, to], with items (see versionsInEffectDuring). */
export async function scenarioListsDuring(db: PrismaClient | Tx, scenarioId: string, from: string, to: string) {
  const published = await db.scenarioListVersion.findMany({ where: { scenarioId, status: 'PUBLISHED', effectiveFrom: { lte: to } }, select: REF_SELECT });
  const ids = versionsInEffectDuring(published, from, to).map((v) => v.id);
  const rows = await db.scenarioListVersion.findMany({ where: { id: { in: ids } }, include: LIST_VERSION_INCLUDE });
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

/** A version's items as domain/catalog.ts reads a list (清单之外无检查). */
export function listedItemsOf(version: { items: { checkItem: { code: string; department: { code: string } } }[] }) {
  return version.items.map(({ checkItem }) => ({ code: checkItem.code, departmentCode: checkItem.department.code }));
}

/** The procedure's fields of a published-list version as the API shows them (scenario lists and county rules alike). */
export function listProcedureOf(
  row: {
    status: string;
    effectiveFrom: string | null;
    note: string | null;
    basedOnId: string | null;
    createdById: string;
    createdAt: Date;
    submittedAt: Date | null;
    reviewedById: string | null;
    reviewedAt: Date | null;
    reviewOpinion: string | null;
    publishedById: string | null;
    publishedAt: Date | null;
  },
  inEffect: boolean,
) {
  return {
    status: row.status as ScenarioListStatus,
    statusLabel: SCENARIO_LIST_STATUS_LABELS[row.status as ScenarioListStatus],
    effectiveFrom: row.effectiveFrom,
    inEffect,
    note: row.note,
    basedOnId: row.basedOnId,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    reviewedById: row.reviewedById,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    reviewOpinion: row.reviewOpinion,
    publishedById: row.publishedById,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}
