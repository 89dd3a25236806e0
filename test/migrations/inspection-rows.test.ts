/**
 * The joint inspection's rows as its activities write them (raw SQL, one text for SQLite and
 * PostgreSQL: activities/inspection.ts), on the suite's real database — `npm test` on SQLite,
 * `npm run test:pg` on PostgreSQL: a visit's checks and items, a re-check merged into a
 * department already there, attendance at check-in, results replaced by a resubmission,
 * findings replaced by later findings, a status move refused from the wrong status.
 */
import { afterAll, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createInspectionActivities } from '../../activities/inspection';
import { inspectionWorkflowId } from '../../contracts/inspection';
import type { JointVisitInput } from '../../domain/visit';
import type { FindingDraft } from '../../domain/inspection';
import { dateOfColumn } from '../../domain/dates';
import { assignmentsFor, compliantResults, officerByKey } from '../support/factories';
import { createTestDatabase } from '../support/harness';

const { prisma } = createTestDatabase();
afterAll(() => prisma.$disconnect());
const activities = createInspectionActivities({ prisma });

const finding = (departmentCode: string, itemCode: string, description: string, measuredValue?: number): FindingDraft => ({
  departmentCode,
  itemCode,
  itemTitle: itemCode,
  legalBasis: '测试依据',
  severity: 'MINOR',
  proposedAction: 'RECTIFY',
  description,
  ...(measuredValue === undefined ? {} : { measuredValue }),
});

test('a visit written step by step leaves the rows the steps name, on this database', async () => {
  const [market, fire] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const marketOfficer = await officerByKey(prisma, 'market-1');
  const fireOfficer = await officerByKey(prisma, 'fire-1');
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const inspectionId = `rows-${randomUUID()}`;
  const actor = { officerId: marketOfficer.id, name: marketOfficer.name };
  const at = (minute: number) => `2026-12-01T0${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}:00.123Z`;
  const input: JointVisitInput = {
    inspectionId,
    scheduledFor: '2026-12-01',
    scheduledBy: actor,
    target: { id: target.id, name: target.name, creditCode: target.creditCode, address: target.address, village: target.village },
    scenario: { code: 'RESTAURANT', name: '餐饮' },
    // FIRE's first item only at first: the rest arrives with the re-check below.
    departments: [market, { ...fire, items: fire.items.slice(0, 1) }],
    team: [
      { officerId: marketOfficer.id, name: marketOfficer.name, departmentCode: 'MARKET', isLead: true },
      { officerId: fireOfficer.id, name: fireOfficer.name, departmentCode: 'FIRE', isLead: false },
    ],
    policy: {} as JointVisitInput['policy'],
  };
  await activities.recordInspectionScheduled({ key: `${inspectionId}:scheduled`, input, at: at(0) });
  const visit = await prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId }, include: { team: true, checks: { include: { items: true } } } });
  expect(visit).toMatchObject({ status: 'SCHEDULED', workflowId: inspectionWorkflowId(inspectionId), scenarioVersionId: expect.any(String) });
  expect(dateOfColumn(visit.scheduledFor)).toBe('2026-12-01');
  expect(visit.team.map((m) => [m.officerId, m.isLead, m.presentAtCheckIn]).sort()).toEqual(
    [[marketOfficer.id, true, false], [fireOfficer.id, false, false]].sort(),
  );
  expect(visit.checks.map((c) => c.items.length).sort()).toEqual([1, market.items.length].sort());
  expect(visit.checks.every((c) => c.revision === 0 && c.late === false && c.overdue === false)).toBe(true);

  // A re-check of FIRE's first item merged into the visit: the check stays, the item is marked, the others added.
  const findingId = `finding-${randomUUID()}`;
  const recheckOf = [{ findingId, inspectionId: 'earlier', departmentCode: 'FIRE', itemCode: fire.items[0].code }];
  await activities.recordCheckItemsAdded({ key: `${inspectionId}:items`, inspectionId, at: at(1), actor, departments: [fire], team: [], recheckOf });
  const fireCheck = await prisma.departmentCheck.findFirstOrThrow({ where: { inspectionId, department: { code: 'FIRE' } }, include: { items: true } });
  expect(fireCheck.id).toBe(visit.checks.find((c) => c.id === fireCheck.id)?.id);
  expect(fireCheck.items).toHaveLength(fire.items.length);
  expect(fireCheck.items.filter((i) => i.recheckOfFindingId === findingId)).toHaveLength(1);
  // Added again without the re-check, the mark stays.
  await activities.recordCheckItemsAdded({ key: `${inspectionId}:items-again`, inspectionId, at: at(2), actor, departments: [fire], team: [], recheckOf: [] });
  expect(await prisma.assignedItem.count({ where: { departmentCheckId: fireCheck.id, recheckOfFindingId: findingId } })).toBe(1);

  await activities.recordCheckIn({ key: `${inspectionId}:check-in`, inspectionId, at: at(3), actor, officerIds: [marketOfficer.id], position: null });
  const checkedIn = await prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId }, include: { team: true } });
  expect(checkedIn).toMatchObject({ status: 'ON_SITE', checkInPlaceAsked: true, checkInLatitude: null });
  expect(checkedIn.checkInAt?.toISOString()).toBe(at(3));
  expect(checkedIn.team.filter((m) => m.presentAtCheckIn).map((m) => m.officerId)).toEqual([marketOfficer.id]);
  // From the wrong status: refused, nothing written.
  await expect(
    activities.recordCheckIn({ key: `${inspectionId}:check-in-2`, inspectionId, at: at(4), actor, officerIds: [], position: null }),
  ).rejects.toMatchObject({ type: 'STATUS_MISMATCH' });
  expect(await prisma.auditEvent.count({ where: { idempotencyKey: `${inspectionId}:check-in-2` } })).toBe(0);

  const results = compliantResults(market);
  await activities.recordDepartmentResults({ key: `${inspectionId}:market-1`, inspectionId, at: at(5), departmentCode: 'MARKET', actor, revision: 1, late: false, results });
  await activities.recordDepartmentResults({
    key: `${inspectionId}:market-2`, inspectionId, at: at(6), departmentCode: 'MARKET', actor, revision: 2, late: true,
    results: results.slice(1).map((r) => ({ ...r, note: '复核' })),
  });
  const marketCheck = await prisma.departmentCheck.findFirstOrThrow({ where: { inspectionId, department: { code: 'MARKET' } }, include: { results: true } });
  expect(marketCheck).toMatchObject({ revision: 2, late: true, submittedById: marketOfficer.id });
  expect(marketCheck.submittedAt?.toISOString()).toBe(at(6));
  expect(marketCheck.results).toHaveLength(results.length - 1);
  expect(marketCheck.results.every((r) => r.note === '复核' && r.outcome === 'COMPLIANT' && r.recordedAt.toISOString() === at(6))).toBe(true);
  const measured = results.slice(1).find((r) => r.measuredValue !== undefined);
  if (measured) expect(marketCheck.results.some((r) => r.measuredValue === measured.measuredValue)).toBe(true);
  expect(JSON.parse(marketCheck.results[0].evidenceJson)).toHaveLength(1);

  const [first, second] = market.items;
  await activities.recordChecksDone({
    key: `${inspectionId}:done`, inspectionId, at: at(7),
    findings: [finding('MARKET', first.code, '初稿'), finding('MARKET', second.code, '第二项', 2.5), finding('MARKET', first.code, '同一项，后写为准')],
  });
  const findings = await prisma.finding.findMany({ where: { inspectionId }, orderBy: { description: 'asc' } });
  expect(findings.map((f) => f.description).sort()).toEqual(['同一项，后写为准', '第二项'].sort());
  expect(findings.find((f) => f.description === '第二项')?.measuredValue).toBe(2.5);
  const kept = findings.find((f) => f.description === '同一项，后写为准')!;
  await activities.recordFindings({ key: `${inspectionId}:findings`, inspectionId, at: at(8), findings: [finding('MARKET', first.code, '改写')] });
  const after = await prisma.finding.findMany({ where: { inspectionId } });
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({ id: kept.id, description: '改写', severity: 'MINOR', proposedAction: 'RECTIFY' });
  expect(after[0].createdAt.toISOString()).toBe(at(7));
  expect(after[0].updatedAt.toISOString()).toBe(at(8));

  await activities.recordStatusChange({ key: `${inspectionId}:closed`, inspectionId, at: at(9), from: 'CHECKS_DONE', to: 'CLOSED', actor: null });
  const closed = await prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } });
  expect(closed.status).toBe('CLOSED');
  expect(closed.closedAt?.toISOString()).toBe(at(9));
});
