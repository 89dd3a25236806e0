/**
 * The inspection list (GET /api/inspections): one filter, read two ways with the same answer.
 * `inspectionListWithPrisma` works on every database; `sqliteInspectionList` answers the same
 * page from prepared statements on a read-only SQLite connection (api/read-cache.ts). The list
 * is the read that a busy county recounts most (every lifecycle write changes its first page,
 * so no cache keeps it), and through Prisma each page is six statements, each compiled by the
 * query compiler and prepared anew, plus a count of every finding in the database; here it is
 * three statements prepared once. test/db/inspection-list.test.ts holds the two to one answer.
 */
import type Database from 'better-sqlite3';
import type { InspectionStatus } from '../domain/inspection';
import type { TownshipScope } from '../domain/townships';
import { columnOfDate, dateOfColumn } from '../domain/dates';
import type { Prisma, PrismaClient } from './client';
import { ownTownshipWithin } from './scope';

/** What the caller asked for, with their reach and department already applied. */
export interface InspectionListFilter {
  status?: InspectionStatus;
  targetId?: string;
  scenarioCode?: string;
  village?: string;
  /** First and last visit date (YYYY-MM-DD), both included. */
  from?: string;
  to?: string;
  /** Inspections of businesses in these townships only; null: all. */
  townships: TownshipScope;
  /** Inspections this department takes part in only. */
  departmentCode?: string;
  page: number;
  pageSize: number;
}

export interface InspectionListItem {
  id: string;
  status: InspectionStatus;
  scheduledFor: string;
  target: { id: string; name: string; village: string | null };
  scenario: { code: string; name: string };
  departments: { code: string; name: string; submitted: boolean; overdue: boolean }[];
  findings: number;
  checkInAt: string | null;
  closedAt: string | null;
}

export interface InspectionListPage {
  items: InspectionListItem[];
  page: number;
  pageSize: number;
  total: number;
}

export async function inspectionListWithPrisma(prisma: PrismaClient, filter: InspectionListFilter): Promise<InspectionListPage> {
  const where: Prisma.JointInspectionWhereInput = {};
  if (filter.status) where.status = filter.status;
  if (filter.targetId) where.targetId = filter.targetId;
  if (filter.scenarioCode) where.scenario = { code: filter.scenarioCode };
  if (filter.village || filter.townships !== null) {
    where.target = { ...(filter.village ? { village: filter.village } : {}), ...ownTownshipWithin(filter.townships) };
  }
  if (filter.from || filter.to) {
    where.scheduledFor = {
      ...(filter.from ? { gte: columnOfDate(filter.from) } : {}),
      ...(filter.to ? { lte: columnOfDate(filter.to) } : {}),
    };
  }
  if (filter.departmentCode) where.checks = { some: { department: { code: filter.departmentCode } } };
  const [total, rows] = await prisma.$transaction([
    prisma.jointInspection.count({ where }),
    prisma.jointInspection.findMany({
      where,
      // The id last: visits of one day created in the same millisecond keep one order across pages.
      orderBy: [{ scheduledFor: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
      include: {
        target: true,
        scenario: true,
        checks: { include: { department: true }, orderBy: { departmentId: 'asc' } },
        _count: { select: { findings: true } },
      },
    }),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      status: r.status,
      scheduledFor: dateOfColumn(r.scheduledFor),
      target: { id: r.target.id, name: r.target.name, village: r.target.village },
      scenario: { code: r.scenario.code, name: r.scenario.name },
      departments: r.checks.map((c) => ({ code: c.department.code, name: c.department.name, submitted: c.submittedAt !== null, overdue: c.overdue })),
      findings: r._count.findings,
      checkInAt: r.checkInAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
    })),
    page: filter.page,
    pageSize: filter.pageSize,
    total,
  };
}

/** A DateTime column as Prisma's SQLite adapter stores it (ISO text, or epoch ms) to the API's ISO string. */
function isoOf(value: string | number | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** A date as Prisma's SQLite adapter writes a DateTime parameter (its default iso8601 format), so text comparison orders as dates. */
function columnText(date: string): string {
  return columnOfDate(date).toISOString().replace('Z', '+00:00');
}

interface PageRow {
  id: string;
  status: InspectionStatus;
  scheduledFor: string | number;
  checkInAt: string | number | null;
  closedAt: string | number | null;
  targetId: string;
  targetName: string;
  village: string | null;
  scenarioCode: string;
  scenarioName: string;
  findings: number;
}

interface CheckRow {
  inspectionId: string;
  code: string;
  name: string;
  submitted: number;
  overdue: number;
}

/**
 * The list from prepared statements on `db` (read-only). One statement per shape of filter
 * (which conditions are present), prepared on first use; a reach of any size is one JSON
 * parameter, so the shapes stay few. Count, page and checks are read in one transaction: one
 * snapshot, as Prisma's $transaction gives.
 */
export function sqliteInspectionList(db: Database.Database): (filter: InspectionListFilter) => InspectionListPage {
  const statements = new Map<string, { count: Database.Statement; page: Database.Statement }>();
  const checksStatement = db.prepare(
    `SELECT c.inspectionId, d.code, d.name, c.submittedAt IS NOT NULL AS submitted, c.overdue
       FROM DepartmentCheck c JOIN Department d ON d.id = c.departmentId
      WHERE c.inspectionId IN (SELECT value FROM json_each(?))
      ORDER BY c.inspectionId, c.departmentId`,
  );

  const statementsFor = (filter: InspectionListFilter) => {
    const conditions: string[] = [];
    if (filter.status) conditions.push('i.status = @status');
    if (filter.targetId) conditions.push('i.targetId = @targetId');
    if (filter.scenarioCode) conditions.push('s.code = @scenarioCode');
    if (filter.village) conditions.push('t.village = @village');
    if (filter.townships !== null) conditions.push('t.townshipId IN (SELECT value FROM json_each(@townships))');
    if (filter.from) conditions.push('i.scheduledFor >= @from');
    if (filter.to) conditions.push('i.scheduledFor <= @to');
    if (filter.departmentCode) {
      conditions.push(
        'EXISTS (SELECT 1 FROM DepartmentCheck c JOIN Department d ON d.id = c.departmentId WHERE c.inspectionId = i.id AND d.code = @departmentCode)',
      );
    }
    const shape = conditions.join(' AND ');
    let prepared = statements.get(shape);
    if (!prepared) {
      const from = 'FROM JointInspection i JOIN Target t ON t.id = i.targetId JOIN Scenario s ON s.id = i.scenarioId';
      const where = conditions.length > 0 ? `WHERE ${shape}` : '';
      prepared = {
        count: db.prepare(`SELECT COUNT(*) AS total ${from} ${where}`).pluck(),
        page: db.prepare(
          `SELECT i.id, i.status, i.scheduledFor, i.checkInAt, i.closedAt, t.id AS targetId, t.name AS targetName, t.village,
                  s.code AS scenarioCode, s.name AS scenarioName,
                  (SELECT COUNT(*) FROM Finding f WHERE f.inspectionId = i.id) AS findings
             ${from} ${where}
            ORDER BY i.scheduledFor DESC, i.createdAt DESC, i.id DESC
            LIMIT @limit OFFSET @offset`,
        ),
      };
      statements.set(shape, prepared);
    }
    return prepared;
  };

  const read = db.transaction((filter: InspectionListFilter): InspectionListPage => {
    const { count, page } = statementsFor(filter);
    // Only the parameters the shape names: better-sqlite3 refuses named parameters a statement lacks.
    const parameters: Record<string, string | number> = {};
    if (filter.status) parameters.status = filter.status;
    if (filter.targetId) parameters.targetId = filter.targetId;
    if (filter.scenarioCode) parameters.scenarioCode = filter.scenarioCode;
    if (filter.village) parameters.village = filter.village;
    if (filter.townships !== null) parameters.townships = JSON.stringify(filter.townships);
    if (filter.from) parameters.from = columnText(filter.from);
    if (filter.to) parameters.to = columnText(filter.to);
    if (filter.departmentCode) parameters.departmentCode = filter.departmentCode;
    const total = count.get(parameters) as number;
    const rows = page.all({ ...parameters, limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize }) as PageRow[];
    const checks = new Map<string, InspectionListItem['departments']>();
    if (rows.length > 0) {
      for (const c of checksStatement.all(JSON.stringify(rows.map((r) => r.id))) as CheckRow[]) {
        const list = checks.get(c.inspectionId) ?? [];
        list.push({ code: c.code, name: c.name, submitted: c.submitted === 1, overdue: c.overdue === 1 });
        checks.set(c.inspectionId, list);
      }
    }
    return {
      items: rows.map((r) => ({
        id: r.id,
        status: r.status,
        scheduledFor: isoOf(r.scheduledFor)!.slice(0, 10),
        target: { id: r.targetId, name: r.targetName, village: r.village },
        scenario: { code: r.scenarioCode, name: r.scenarioName },
        departments: checks.get(r.id) ?? [],
        findings: r.findings,
        checkInAt: isoOf(r.checkInAt),
        closedAt: isoOf(r.closedAt),
      })),
      page: filter.page,
      pageSize: filter.pageSize,
      total,
    };
  });
  return read;
}
