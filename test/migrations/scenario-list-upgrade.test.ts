/**
 * Upgrading a database that holds scenarios, visits and planned visits from before scenario-list
 * versions (migration *_scenario_list_versions): each scenario's list becomes its published
 * version 1, in effect from 2000-01-01, and the visits and planned visits already there record it.
 * The migrations before it are applied, rows are written as the old schema has them, then the
 * migration runs — on the database the suite runs on (SQLite file, or a PostgreSQL database).
 */
import { createPrismaClient } from '../../db';
import { INITIAL_LIST_EFFECTIVE_FROM } from '../../domain/scenario-lists';
import { upgradedDatabase } from '../support/upgrade';

const MIGRATION = 'scenario_list_versions';

const OLD_ROWS = (now: string) => `
INSERT INTO "Department" ("id", "code", "name", "shortName") VALUES ('d1', 'MARKET', '市场监督管理所', '市场');
INSERT INTO "CheckItem" ("id", "code", "departmentId", "title", "legalBasis", "method", "measurementKind", "severity")
  VALUES ('c1', 'MARKET-01', 'd1', '营业执照', '《条例》第三条', '查看', 'NONE', 'MINOR'), ('c2', 'MARKET-02', 'd1', '健康证', '《食品安全法》第四十五条', '查看', 'NONE', 'MINOR');
INSERT INTO "Scenario" ("id", "code", "name", "description") VALUES ('s1', 'RESTAURANT', '餐饮店', '餐饮');
INSERT INTO "ScenarioItem" ("scenarioId", "checkItemId", "position") VALUES ('s1', 'c2', 0), ('s1', 'c1', 1);
INSERT INTO "Target" ("id", "name", "creditCode", "address", "village", "scenarioCode", "createdAt")
  VALUES ('t1', '某餐馆', '91500230MA5U000000', '某村', '某村', 'RESTAURANT', ${now});
INSERT INTO "JointInspection" ("id", "workflowId", "targetId", "scenarioId", "scheduledFor", "status", "scheduledById", "createdAt", "updatedAt")
  VALUES ('i1', 'inspection-i1', 't1', 's1', ${now}, 'SCHEDULED', 'o1', ${now}, ${now});
INSERT INTO "Plan" ("id", "name", "periodStart", "periodEnd", "status", "createdById", "capsJson", "capacityJson", "createdAt", "updatedAt")
  VALUES ('p1', '计划', ${now}, ${now}, 'DRAFT', 'o1', '{}', '{}', ${now}, ${now});
INSERT INTO "PlannedVisit" ("id", "planId", "key", "targetId", "date", "departmentsJson") VALUES ('pv1', 'p1', 'k1', 't1', ${now}, '[]');
`;

test('existing scenarios get their list as published version 1; existing visits and planned visits record it', async () => {
  const prisma = createPrismaClient(await upgradedDatabase({ migration: MIGRATION, name: 'list_upgrade', oldRows: (d) => OLD_ROWS(d === 'postgresql' ? 'now()' : `'2026-03-01T00:00:00.000Z'`) }));
  try {
    const versions = await prisma.scenarioListVersion.findMany({
      include: { items: { orderBy: { position: 'asc' }, include: { checkItem: true } } },
    });
    expect(versions).toHaveLength(1);
    const [v1] = versions;
    expect(v1).toMatchObject({ scenarioId: 's1', version: 1, status: 'PUBLISHED', effectiveFrom: INITIAL_LIST_EFFECTIVE_FROM });
    expect(v1.items.map((i) => i.checkItem.code)).toEqual(['MARKET-02', 'MARKET-01']);
    expect(v1.createdAt.getTime()).not.toBeNaN();
    // Only the columns of the migrations applied here: later migrations add others.
    expect(await prisma.jointInspection.findUniqueOrThrow({ where: { id: 'i1' }, select: { scenarioVersionId: true } })).toMatchObject({ scenarioVersionId: v1.id });
    expect(await prisma.plannedVisit.findUniqueOrThrow({ where: { id: 'pv1' }, select: { scenarioVersionId: true } })).toMatchObject({ scenarioVersionId: v1.id });
  } finally {
    await prisma.$disconnect();
  }
});
