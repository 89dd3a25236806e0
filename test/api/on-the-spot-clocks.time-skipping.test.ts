/**
 * The clocks of the simple procedure and of the inspection's legal review, over HTTP on the
 * time-skipping server pinned to Monday 2026-11-02 (no holiday near): an on-the-spot decision
 * not filed within 3 working days is flagged once (ON_THE_SPOT_FILING_OVERDUE); a penalty
 * proposal under legal review gets the case review's 7 working days, one extension of 3 with
 * its reason, and is flagged once when that passes (INSPECTION_REVIEW_OVERDUE).
 */
import { createDeadlineCalendar } from '../../domain/statutory-holidays';
import { BUILT_IN_CALENDAR_DATA } from '../../domain/calendar';
import { chinaDate, startOfChinaDate } from '../../domain/dates';
import { assignmentsFor, inspectionWithMarketFinding } from '../support/factories';
import { DAY, eventually, expectNothingRetrying, useTestStack } from '../support/harness';

const calendar = createDeadlineCalendar(BUILT_IN_CALENDAR_DATA);
const stack = useTestStack({
  name: 'on-the-spot-clocks',
  officers: ['coordinator-2', 'market-1', 'fire-1', 'reviewer-1', 'leader-1'],
  startAt: '2026-11-02T09:00:00+08:00',
});

test('an on-the-spot decision not filed within its term is flagged once, and filed late afterwards', async () => {
  const { http, tokens, db } = stack;
  const { inspectionId } = await inspectionWithMarketFinding({ prisma: db.prisma, http, tokens });
  const [marketItems] = await assignmentsFor(db.prisma, 'RESTAURANT', ['MARKET']);
  const decided = await http('POST', `/api/inspections/${inspectionId}/on-the-spot-penalties`, {
    token: tokens['market-1'],
    body: {
      itemCode: marketItems.items[0].code,
      factsCertain: true,
      facts: '未按规定公示食品经营许可证',
      legalBasis: '《中华人民共和国食品安全法》第一百二十六条第一款',
      kind: 'FINE',
      fineAmount: 150,
      place: '包鸾镇正街',
    },
  });
  expect(decided.status).toBe(201);
  const penaltyId: string = decided.body.id;
  const due = calendar.deadline('2026-11-02', 3, 'agency').date;
  expect(due).toBe('2026-11-05');
  expect(decided.body.filingDueOn).toBe(due);
  const signed = await http('POST', `/api/inspections/${inspectionId}/on-the-spot-penalties/${penaltyId}/acknowledgement`, {
    token: tokens['market-1'],
    body: { kind: 'SIGNED', signerName: '李某' },
  });
  expect(signed.status).toBe(200);

  // The last day is on time.
  await stack.skipTo(startOfChinaDate(due), 12 * 3_600_000);
  expect((await db.prisma.onTheSpotPenalty.findUniqueOrThrow({ where: { id: penaltyId } })).filingOverdue).toBe(false);
  // The next day it is overdue: one step, and still one several days later.
  await stack.skipTo(startOfChinaDate(due) + DAY, 60_000);
  await eventually(async () => expect((await db.prisma.onTheSpotPenalty.findUniqueOrThrow({ where: { id: penaltyId } })).filingOverdue).toBe(true));
  await stack.sleep(5 * DAY);
  expect(await db.prisma.auditEvent.count({ where: { subjectId: inspectionId, action: 'ON_THE_SPOT_FILING_OVERDUE' } })).toBe(1);
  // The deciding officer and the coordinator hear of it, once each.
  const filingNotices = await db.prisma.notification.findMany({ where: { subjectId: inspectionId, kind: 'ON_THE_SPOT_FILING_OVERDUE' } });
  expect(filingNotices.length).toBeGreaterThanOrEqual(1);
  expect(new Set(filingNotices.map((n) => n.officerId)).size).toBe(filingNotices.length);
  const read = await http('GET', `/api/inspections/${inspectionId}/on-the-spot-penalties/${penaltyId}`, { token: tokens['leader-1'] });
  expect(read.body).toMatchObject({ filingOverdue: true, filedAt: null });
  expect((await db.prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } })).status).toBe('FOLLOW_UP');

  // Filed late: recorded as late, the visit closes.
  const filed = await http('POST', `/api/inspections/${inspectionId}/on-the-spot-penalties/${penaltyId}/filing`, { token: tokens['coordinator-2'], body: { note: '补报备案' } });
  expect(filed.status).toBe(200);
  const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { subjectId: inspectionId, action: 'ON_THE_SPOT_PENALTY_FILED' } });
  expect(JSON.parse(event.payloadJson)).toMatchObject({ late: true });
  await eventually(async () => expect((await db.prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } })).status).toBe('CLOSED'));
  expect(await db.prisma.auditEvent.count({ where: { subjectId: inspectionId, action: 'ON_THE_SPOT_FILING_OVERDUE' } })).toBe(1);
  await expectNothingRetrying(stack, [`inspection-${inspectionId}`]);
});

test('the inspection legal review has a working-day deadline, one extension, and is flagged once when it passes', async () => {
  const { http, tokens, db } = stack;
  const { inspectionId } = await inspectionWithMarketFinding({ prisma: db.prisma, http, tokens, proposedAction: 'PENALTY' });
  const startedOn = chinaDate(new Date().toISOString());
  const due = calendar.deadline(startedOn, 7, 'agency').date;
  await eventually(async () => {
    const row = await db.prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } });
    expect({ status: row.status, due: row.reviewDueOn }).toEqual({ status: 'IN_LEGAL_REVIEW', due });
  });
  const shown = await http('GET', `/api/inspections/${inspectionId}`, { token: tokens['leader-1'] });
  expect(shown.body.state.reviewClock).toMatchObject({ round: 1, dueDate: due, extended: false, overdue: false });
  expect(shown.body.inspection).toMatchObject({ reviewDueOn: due, reviewOverdueAt: null });

  // One extension, with its reason; a second is refused.
  const noReason = await http('POST', `/api/inspections/${inspectionId}/legal-review/extension`, { token: tokens['reviewer-1'], body: { reason: ' ' } });
  expect(noReason.status).toBe(400);
  const extended = await http('POST', `/api/inspections/${inspectionId}/legal-review/extension`, { token: tokens['reviewer-1'], body: { reason: '需补充调取监控录像' } });
  expect(extended.status).toBe(200);
  const extendedDue = calendar.deadline(due, 3, 'agency').date;
  expect(extended.body.reviewClock).toMatchObject({ dueDate: extendedDue, extended: true, extensionReason: '需补充调取监控录像' });
  const twice = await http('POST', `/api/inspections/${inspectionId}/legal-review/extension`, { token: tokens['reviewer-1'], body: { reason: '再延长' } });
  expect({ status: twice.status, code: twice.body.error.code }).toEqual({ status: 409, code: 'REVIEW_ALREADY_EXTENDED' });
  expect((await db.prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } })).reviewDueOn).toBe(extendedDue);

  // The original due date is no longer the deadline; the extended one is.
  await stack.skipTo(startOfChinaDate(due) + DAY, 60_000);
  expect((await db.prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } })).reviewOverdueAt).toBeNull();
  await stack.skipTo(startOfChinaDate(extendedDue) + DAY, 60_000);
  await eventually(async () =>
    expect((await db.prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } })).reviewOverdueAt).not.toBeNull(),
  );
  await stack.sleep(3 * DAY);
  expect(await db.prisma.auditEvent.count({ where: { subjectId: inspectionId, action: 'INSPECTION_REVIEW_OVERDUE' } })).toBe(1);
  expect(await db.prisma.notification.count({ where: { subjectId: inspectionId, kind: 'INSPECTION_REVIEW_OVERDUE' } })).toBe(1);
  const overdue = await http('GET', `/api/inspections/${inspectionId}`, { token: tokens['leader-1'] });
  expect(overdue.body.state.reviewClock).toMatchObject({ overdue: true });
  expect(overdue.body.inspection).toMatchObject({ reviewDueOn: extendedDue, reviewOverdueAt: expect.any(String) });

  // Reviewed late: the visit goes on to follow-up as before.
  const reviewed = await http('POST', `/api/inspections/${inspectionId}/legal-review`, { token: tokens['reviewer-1'], body: { decision: 'APPROVED', opinion: '同意' } });
  expect(reviewed.status).toBe(200);
  expect(reviewed.body.status).toBe('FOLLOW_UP');
  await expectNothingRetrying(stack, [`inspection-${inspectionId}`]);
});
