/**
 * A rectification order made on 2026-12-20 runs into 2027, whose holiday notice is not
 * published: over real HTTP on the time-skipping server pinned to that day, its deadline is on
 * the party's bound (never earlier than the notice can make it), and once it has passed the
 * re-inspection is scheduled on a day certainly working in 2027; nothing is left retrying a
 * calendar error.
 */
import { createDeadlineCalendar } from '../../domain/statutory-holidays';
import { BUILT_IN_CALENDAR_DATA } from '../../domain/calendar';
import { inspectionWithMarketFinding } from '../support/factories';
import { DAY, expectNothingRetrying, useTestStack } from '../support/harness';
import { startOfChinaDate } from '../../domain/dates';

const calendar = createDeadlineCalendar(BUILT_IN_CALENDAR_DATA);
const OFFICERS = ['coordinator-2', 'market-1', 'market-2', 'fire-1', 'reviewer-1', 'leader-1'];

describe('a rectification order made on 2026-12-20', () => {
  const stack = useTestStack({ name: 'provisional-order', officers: OFFICERS, startAt: '2026-12-20T10:00:00+08:00' });

  test('gets its deadline on the party side and, after it, its re-inspection in 2027', async () => {
    const { http, tokens, db } = stack;
    const { findingId } = await inspectionWithMarketFinding({ prisma: db.prisma, http, tokens, proposedAction: 'RECTIFY' });
    const ordered = await http('POST', `/api/findings/${findingId}/rectification`, {
      token: tokens['market-1'],
      body: { requirement: '立即下架过期食品，建立进货查验记录', workingDays: 10 },
    });
    expect(ordered.status).toBe(202);
    const expected = calendar.deadline('2026-12-20', 10, 'party');
    expect(expected.provisional).toBe(true);
    expect(ordered.body.deadline).toBe(expected.date);
    expect(ordered.body.deadlineBasis).toMatchObject({ provisional: true, side: 'party' });

    await stack.skipTo(startOfChinaDate(expected.date) + DAY, 60_000);
    const order = await http('GET', `/api/rectifications/${findingId}`, { token: tokens['leader-1'] });
    expect(order.body.status).toBe('RECHECK_SCHEDULED');
    const recheck = await db.prisma.jointInspection.findUniqueOrThrow({ where: { id: order.body.recheckInspectionId } });
    const visitDate = recheck.scheduledFor.toISOString().slice(0, 10);
    expect(visitDate > expected.date).toBe(true);
    expect(calendar.dayStatus(visitDate).partyWorking).toBe(true);
    await expectNothingRetrying(stack, [`rectification-${findingId}`, `inspection-${recheck.id}`]);
  });
});
