/**
 * Rectification (责令改正) over HTTP with the real worker, dev server and database: an order for
 * a finding that proposes rectification, one order per finding, department scope, an extension
 * on the working-day calendar, the 首违不罚 suggestion, and a passed re-check ending the order.
 * Working days are counted from a pinned day (the time-skipping server's clock, which the API
 * follows), the Monday before Labour Day, so the deadlines never depend on the real today.
 */
import { createWorkingDayCalendar, BUILT_IN_CALENDAR_DATA } from '../../domain/calendar';
import { inspectionWithMarketFinding } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';
import { expectConforms } from '../support/conforms';
import { RectificationStateResponse } from '../../api/routes/rectifications/schema';
import { chinaDate } from '../../domain/dates';

const today = '2026-04-27';
const calendar = createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA);
const { prisma, http, tokens } = useTestStack({ officers: ['coordinator-2', 'market-1', 'fire-1', 'leader-1'], startAt: `${today}T09:00:00+08:00` });

/** A joint inspection with one MARKET finding, driven over HTTP. */
async function inspectionWithFinding(proposedAction: 'RECTIFY' | 'PENALTY'): Promise<{ inspectionId: string; findingId: string }> {
  const { inspectionId, findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction });
  return { inspectionId, findingId: findingId! };
}

test('a rectification order: once per finding, extended on the calendar, closed by a passed re-check', async () => {
  const { inspectionId, findingId } = await inspectionWithFinding('RECTIFY');

  // Department scope: the fire inspector may not order a market finding's rectification.
  const foreign = await http('POST', `/api/findings/${findingId}/rectification`, { token: tokens['fire-1'], body: { requirement: '整改' } });
  expect(foreign.status).toBe(403);

  const ordered = await http('POST', `/api/findings/${findingId}/rectification`, {
    token: tokens['market-1'],
    body: { requirement: '立即下架过期食品，建立进货查验记录', workingDays: 5 },
  });
  expect(ordered.status).toBe(202);
  expect(ordered.body.deadline).toBe(calendar.addWorkingDays(today, 5));
  expect(ordered.headers.get('location')).toBe(`/api/rectifications/${findingId}`);
  await eventually(async () => expect(await prisma.rectificationOrder.count({ where: { findingId } })).toBe(1));

  const second = await http('POST', `/api/findings/${findingId}/rectification`, { token: tokens['coordinator-2'], body: { requirement: '再次整改' } });
  expect(second.status).toBe(409);
  expect(second.body.error.code).toBe('RECTIFICATION_ALREADY_ORDERED');
  expect(second.body.error.message).toMatch(/已下达/);

  const noReason = await http('POST', `/api/rectifications/${findingId}/extend`, { token: tokens['market-1'], body: { reason: '' } });
  expect(noReason.status).toBe(400);
  const extended = await http('POST', `/api/rectifications/${findingId}/extend`, {
    token: tokens['market-1'],
    body: { reason: '当事人申请：需更换冷藏设备', workingDays: 3 },
  });
  expect(extended.status).toBe(200);
  expect(extended.body.deadline).toBe(calendar.addWorkingDays(ordered.body.deadline, 3));
  expect(extended.body.extensions).toHaveLength(1);

  const detail = await http('GET', `/api/rectifications/${findingId}`, { token: tokens['leader-1'] });
  expect(detail.status).toBe(200);
  expect(detail.body).toMatchObject({ status: 'ORDERED', deadline: extended.body.deadline });
  expectConforms(RectificationStateResponse, extended.body);
  expectConforms(RectificationStateResponse, detail.body);

  const unknownVisit = await http('POST', `/api/rectifications/${findingId}/recheck-result`, {
    token: tokens['market-1'],
    body: { result: 'PASSED', inspectionId: 'nope', note: '' },
  });
  expect(unknownVisit.status).toBe(422);
  // Rectified early, re-checked on request: the order ends as PASSED.
  const passed = await http('POST', `/api/rectifications/${findingId}/recheck-result`, {
    token: tokens['market-1'],
    body: { result: 'PASSED', inspectionId, note: '过期食品已下架，进货查验记录已建立' },
  });
  expect(passed.status).toBe(200);
  expect(passed.body.status).toBe('PASSED');
  expectConforms(RectificationStateResponse, passed.body);
  await eventually(async () =>
    expect(await prisma.rectificationOrder.findUniqueOrThrow({ where: { findingId } })).toMatchObject({ status: 'PASSED', result: 'PASSED' }),
  );
  // The leaders' 整改按期率 counts it.
  const stats = await http('GET', `/api/stats?year=${chinaDate(new Date().toISOString()).slice(0, 4)}`, { token: tokens['leader-1'] });
  expect(stats.status).toBe(200);
  expect(stats.body.rectification).toMatchObject({ orders: expect.any(Number), passed: 1, failed: 0, onTimeRate: 1 });
  const late = await http('POST', `/api/rectifications/${findingId}/extend`, { token: tokens['market-1'], body: { reason: '再延期' } });
  expect(late.status).toBe(409);
});

test('a penalty finding cannot be ordered to rectify; the 首违不罚 suggestion cites §33', async () => {
  const { findingId } = await inspectionWithFinding('PENALTY');
  const refused = await http('POST', `/api/findings/${findingId}/rectification`, { token: tokens['market-1'], body: { requirement: '整改' } });
  expect(refused.status).toBe(422);
  expect(refused.body.error.code).toBe('RECTIFICATION_NOT_PROPOSED');

  const suggestion = await http('GET', `/api/findings/${findingId}/no-penalty-suggestion`, { token: tokens['market-1'] });
  expect(suggestion.status).toBe(200);
  expect(suggestion.body.legalBasis).toContain('第三十三条');
  const finding = await prisma.finding.findUniqueOrThrow({ where: { id: findingId } });
  // The same item was found on this target earlier this year (the first test): not a first offence.
  expect(suggestion.body.suggested).toBe(false);
  expect(suggestion.body.reasons.join('')).toMatch(finding.severity === 'MINOR' ? /此前已发现/ : /不属于危害后果轻微/);
});

test('首违不罚 disposition: who may record it, bad input, and nothing written when refused', async () => {
  const { findingId } = await inspectionWithFinding('RECTIFY');
  const body = { outcome: 'NO_PENALTY', correction: '已当场改正' };
  const post = (token: string | undefined, b: unknown = body, id = findingId) => http('POST', `/api/findings/${id}/disposition`, { token, body: b });
  expect((await post(undefined)).status).toBe(401);
  expect((await post(tokens['leader-1'])).status).toBe(403);
  const foreign = await post(tokens['fire-1']);
  expect(foreign.status).toBe(403);
  expect(foreign.body.error.code).toBe('FORBIDDEN_DEPARTMENT');
  for (const bad of [{ outcome: 'NO_PENALTY' }, { outcome: 'RECTIFIED', correction: '已改正' }, { ...body, extra: 1 }, { ...body, correction: '   ' }]) {
    const res = await post(tokens['market-1'], bad);
    expect({ bad, status: res.status, code: res.body.error.code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
  }
  expect((await post(tokens['market-1'], body, 'no-such-finding')).status).toBe(404);
  // MARKET-01 is not on the no-penalty list: refused with the reasons, the finding stays open.
  const refused = await post(tokens['market-1']);
  expect(refused.status).toBe(422);
  expect(refused.body.error).toMatchObject({ code: 'NO_PENALTY_NOT_APPLICABLE', message: expect.stringContaining('未列入首违不罚') });
  expect(await prisma.finding.findUniqueOrThrow({ where: { id: findingId } })).toMatchObject({ outcome: null, resolvedAt: null });
});
