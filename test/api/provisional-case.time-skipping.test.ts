/**
 * A deadline that runs into a year whose holiday notice is not published (2027, as of December
 * 2026), over real HTTP on the time-skipping server pinned to 2026-12-28: a case filed that day
 * gets its legal-review deadline on the agency's bound (never later than the notice can make
 * it), the clock runs out in 2027 and is recorded once, and nothing is left retrying a calendar
 * error. (The order of 2026-12-20 is in provisional-order.time-skipping.test.ts.)
 */
import { createDeadlineCalendar } from '../../domain/statutory-holidays';
import { BUILT_IN_CALENDAR_DATA, PROVISIONAL_BASIS } from '../../domain/calendar';
import { inspectionWithMarketFinding, officerByKey } from '../support/factories';
import { DAY, expectNothingRetrying, useTestStack } from '../support/harness';
import { startOfChinaDate } from '../../domain/dates';

const calendar = createDeadlineCalendar(BUILT_IN_CALENDAR_DATA);
const OFFICERS = ['coordinator-2', 'market-1', 'market-2', 'fire-1', 'reviewer-1', 'leader-1'];

describe('a case filed on 2026-12-28', () => {
  const stack = useTestStack({ name: 'provisional-case', officers: OFFICERS, startAt: '2026-12-28T09:00:00+08:00' });

  test('gets its legal-review deadline, provisional on the agency side', async () => {
    const { http, tokens, db } = stack;
    const { inspectionId, findingId } = await inspectionWithMarketFinding({ prisma: db.prisma, http, tokens, proposedAction: 'PENALTY' });
    const step = async (path: string, token: string, body: unknown, expected = 200) => {
      const res = await http('POST', path, { token, body });
      if (res.status !== expected) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const filed = await step('/api/cases', tokens['market-1'], { inspectionId, findingId, title: '销售超过保质期的食品案' }, 202);
    const caseId = filed.id as string;
    const investigators = await Promise.all(['market-1', 'market-2'].map((k) => officerByKey(db.prisma, k)));
    await step(`/api/cases/${caseId}/investigators`, tokens['coordinator-2'], { officerIds: investigators.map((o) => o.id) });
    const proposed = await step(`/api/cases/${caseId}/proposal`, tokens['market-1'], {
      facts: '当事人在后厨冷藏柜内存放超过保质期的食品3批次',
      evidence: ['现场检查笔录'],
      legalBasis: '《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条',
      penaltyKind: '罚款',
      fineAmount: 2000,
    });
    const expected = calendar.deadline('2026-12-28', 7, 'agency');
    expect(expected.provisional).toBe(true);
    expect(expected.date.startsWith('2027-01')).toBe(true);
    expect(proposed.reviewClock).toMatchObject({ startedOn: '2026-12-28', dueDate: expected.date });
    const stored = await http('GET', `/api/cases/${caseId}`, { token: tokens['leader-1'] });
    expect(stored.body.reviewClock.dueDate).toBe(expected.date);
    const row = await db.prisma.enforcementCase.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.reviewDueOn).toBe(expected.date);
    expect(JSON.parse(row.reviewDueBasisJson!)).toMatchObject({ provisional: true, side: 'agency' });
    expect(JSON.parse(row.reviewDueBasisJson!).basis).toContain(PROVISIONAL_BASIS);

    // The deadline passes unreviewed: the overdue record is written once, nothing retries.
    await stack.skipTo(startOfChinaDate(expected.date) + DAY, 60_000);
    const overdue = await http('GET', `/api/cases/${caseId}`, { token: tokens['leader-1'] });
    expect(overdue.body.reviewClock.overdue).toBe(true);
    expect(await db.prisma.caseEvent.count({ where: { caseId, kind: 'REVIEW_OVERDUE' } })).toBe(1);
    await expectNothingRetrying(stack, [`inspection-${inspectionId}`, `case-${caseId}`]);
  });
});
