/**
 * The penalty procedure's clocks reach people like every other clock: over real HTTP on the
 * time-skipping server pinned to Monday 2026-03-02, with a webhook receiver that fails its
 * first two calls. A §63 case (¥20,000 on a 个体工商户) is noticed, a hearing requested and
 * scheduled, the statement period ends, the decision is neither served nor published in its 7
 * working days, then served and not paid in 15 days. Each of HEARING_SCHEDULED,
 * STATEMENT_PERIOD_ENDED, DECISION_SERVICE_OVERDUE, PUBLICATION_DUE_SOON, PUBLICATION_OVERDUE
 * and PAYMENT_OVERDUE is in the investigators' inboxes and accepted by the receiver exactly once.
 */
import { BUILT_IN_CALENDAR_DATA, createWorkingDayCalendar } from '../../domain/calendar';
import { addDays, startOfChinaDate } from '../../domain/dates';
import type { NotificationKind } from '../../domain/notifications';
import { directService, inspectionWithMarketFinding, officerByKey } from '../support/factories';
import { DAY, eventually, useTestStack } from '../support/harness';

const START_DATE = '2026-03-02';
const HOUR = 3_600_000;
const calendar = createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA);
const OFFICERS = ['coordinator-2', 'market-1', 'market-2', 'fire-1', 'reviewer-1', 'reviewer-2', 'leader-1'];

let webhookCalls = 0;
const stack = useTestStack({
  name: 'procedure-notifications',
  officers: OFFICERS,
  startAt: `${START_DATE}T09:00:00+08:00`,
  webhook: { dutyLeaderKey: 'leader-1', status: () => (++webhookCalls <= 2 ? 503 : 204) },
});

const KINDS: NotificationKind[] = ['HEARING_SCHEDULED', 'STATEMENT_PERIOD_ENDED', 'DECISION_SERVICE_OVERDUE', 'PUBLICATION_DUE_SOON', 'PUBLICATION_OVERDUE', 'PAYMENT_OVERDUE'];

test('the procedure clocks notify the investigators once each, in the inbox and on a channel that fails at first', async () => {
  const { http, tokens, db, webhook } = stack;
  const prisma = db.prisma;
  const step = async (path: string, token: string, body: unknown = {}, expected = 200) => {
    const res = await http('POST', path, { token, body });
    if (res.status !== expected) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const { inspectionId, findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'PENALTY' });
  const caseId = (await step('/api/cases', tokens['market-1'], { inspectionId, findingId, title: '销售超过保质期的食品案' }, 202)).id as string;
  await eventually(async () => expect(await prisma.enforcementCase.count({ where: { id: caseId } })).toBe(1));
  const [market1, market2, reviewer2] = await Promise.all(['market-1', 'market-2', 'reviewer-2'].map((k) => officerByKey(prisma, k)));
  const at = (path: string) => `/api/cases/${caseId}/${path}`;
  await step(at('investigators'), tokens['coordinator-2'], { officerIds: [market1.id, market2.id] });
  await step(at('proposal'), tokens['market-1'], {
    facts: '当事人销售超过保质期的食品，货值金额二千元',
    evidence: ['现场检查笔录', '现场照片'],
    legalBasis: '《中华人民共和国食品安全法》第一百二十四条第一款',
    penaltyKind: '罚款',
    fineAmount: 20_000,
  });
  await step(at('legal-review'), tokens['reviewer-1'], { decision: 'APPROVED', opinion: '事实清楚，证据确凿，同意' });
  const notice = await step(at('notice'), tokens['market-1']);
  // A 个体工商户 answers as a person: ¥20,000 is above the ¥10,000 of §63.
  expect(notice.notice.hearingGrounds).toHaveLength(1);
  await step(at('service'), tokens['market-1'], { ...directService(), document: 'PRIOR_NOTICE' });
  await step(at('hearing/request'), tokens['market-1']);
  const hearingOn = calendar.addWorkingDays(START_DATE, 7);
  await step(at('hearing/schedule'), tokens['coordinator-2'], {
    hearingAt: new Date(startOfChinaDate(hearingOn) + 9 * HOUR).toISOString(),
    place: '包鸾镇人民政府三楼会议室',
    presidingOfficerId: reviewer2.id,
  });
  await step(at('service'), tokens['market-1'], { ...directService(), document: 'HEARING_NOTICE' });

  // The statement period ends while the hearing is pending; the hearing is held on its day.
  await stack.skipTo(startOfChinaDate(hearingOn), 10 * HOUR);
  await step(at('hearing/record'), tokens['reviewer-2'], { outcome: 'HELD', summary: '调查人员陈述事实、证据和处罚建议；当事人申辩', partySigned: true });
  await step(at('collective-decision'), tokens['leader-1'], { meetingDate: hearingOn, membersTotal: 3, attendees: ['牟德华', '唐小燕', '郑文静'], votesFor: 3, votesAgainst: 0, votesAbstain: 0, minutes: '听证后集体讨论', resolution: '同意罚款二万元' });
  const decided = await step(at('decision'), tokens['leader-1'], { decisionText: '对当事人罚款人民币贰万元整' });

  // Neither served nor published within 7 working days: both flagged (and the warning before).
  await stack.skipTo(startOfChinaDate(decided.publication.dueOn) + DAY, HOUR);
  await eventually(async () => expect(await prisma.caseEvent.count({ where: { caseId, kind: { in: ['PUBLICATION_OVERDUE', 'DECISION_SERVICE_OVERDUE'] } } })).toBe(2));
  const served = await step(at('service'), tokens['market-1'], { ...directService(), document: 'DECISION' });
  await stack.skipTo(startOfChinaDate(addDays(served.payment.dueOn, 1)), HOUR);
  await eventually(async () => expect(await prisma.caseEvent.count({ where: { caseId, kind: 'PAYMENT_OVERDUE' } })).toBe(1));

  // Inboxes: each kind once for each investigator; the channel: every row accepted once.
  const rows = await prisma.notification.findMany({ where: { subjectId: caseId, kind: { in: KINDS } } });
  for (const kind of KINDS) {
    for (const officer of [market1, market2]) {
      expect([kind, officer.name, rows.filter((r) => r.kind === kind && r.officerId === officer.id).length]).toEqual([kind, officer.name, 1]);
    }
  }
  await eventually(async () => expect(await prisma.notification.count({ where: { deliveredAt: null } })).toBe(0), 60_000);
  const accepted = webhook.received.filter((r) => r.body.type === 'notification' && r.status === 204);
  const keys = rows.map((r) => r.idempotencyKey);
  for (const key of keys) expect([key, accepted.filter((r) => r.idempotencyKey === key).length]).toEqual([key, 1]);
  expect(webhook.received.slice(0, 2).map((r) => r.status)).toEqual([503, 503]);
});
