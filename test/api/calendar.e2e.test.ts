/**
 * The working-day calendar over HTTP with the real worker, dev server and database: the
 * warnings from 1 November, an ADMIN entering a notice (validated, audited once, nothing
 * written when refused), and the next order's deadline — counted by the API — and its
 * extension — counted by the worker — using the notice at once, without a restart.
 * Dates are derived from today's China date, so the test holds on any day.
 */
import { BUILT_IN_CALENDAR_DATA, PROVISIONAL_BASIS, mergeCalendarData, type WorkingDayCalendarData } from '../../domain/calendar';
import { createDeadlineCalendar, statutoryHolidaysOf } from '../../domain/statutory-holidays';
import { inspectionWithMarketFinding } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';
import { chinaDate } from '../../domain/dates';

const { prisma, http, tokens } = useTestStack({ officers: ['admin', 'coordinator-2', 'market-1', 'fire-1', 'leader-1'] });
const today = chinaDate(new Date().toISOString());
const thisYear = Number(today.slice(0, 4));

/** A notice for the test: the statutory holidays only, no 调休 (a valid notice for any year). */
function testNotice(year: number) {
  return {
    documentNumber: `国办发明电〔${year - 1}〕测试${year}号`,
    publishedOn: `${year - 1}-11-20`,
    holidays: statutoryHolidaysOf(year)!.flatMap((h) => h.dates),
    workdays: [] as string[],
  };
}

test('GET /api/calendar: the years, and from 1 November a warning while next year has no notice', async () => {
  const inNovember = await http('GET', '/api/calendar?today=2026-11-15', { token: tokens['leader-1'] });
  expect(inNovember.status).toBe(200);
  expect(inNovember.body.years.find((y: { year: number }) => y.year === 2026)).toMatchObject({
    status: 'official',
    documentNumber: '国办发明电〔2025〕7号',
    publishedOn: '2025-11-04',
  });
  expect(inNovember.body.years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ status: 'provisional', documentNumber: null });
  expect(inNovember.body.warnings).toEqual([
    { code: 'NEXT_YEAR_NOTICE_MISSING', year: 2027, message: expect.stringContaining(`2027年节假日安排尚未录入`) },
  ]);
  expect(inNovember.body.warnings[0].message).toContain(PROVISIONAL_BASIS);

  const inOctober = await http('GET', '/api/calendar?today=2026-10-31', { token: tokens['market-1'] });
  expect(inOctober.body.warnings).toEqual([]);
  const inMarch = await http('GET', '/api/calendar?today=2027-03-01', { token: tokens['market-1'] });
  expect(inMarch.body.warnings.map((w: { code: string }) => w.code)).toEqual(['CURRENT_YEAR_NOTICE_MISSING']);

  const doc = await http('GET', '/api/openapi.json');
  expect(Object.keys(doc.body.paths['/api/calendar'])).toContain('get');
  expect(Object.keys(doc.body.paths['/api/calendar/years/{year}'])).toContain('put');
  expect(Object.keys(doc.body.components.schemas)).toEqual(expect.arrayContaining(['CalendarDeadline', 'CalendarNotice', 'Calendar']));

  const bad = await http('GET', '/api/calendar?today=tomorrow', { token: tokens['market-1'] });
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('VALIDATION_FAILED');
});

test('an order of 25 working days made today is accepted, its deadline counted on the built-in calendar with its basis', async () => {
  const { findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'RECTIFY' });
  const ordered = await http('POST', `/api/findings/${findingId}/rectification`, {
    token: tokens['market-1'],
    body: { requirement: '建立进货查验记录', workingDays: 25 },
  });
  expect(ordered.status).toBe(202);
  // Provisional whenever the period reaches a year without a notice (from 2026-11-05 on, always).
  const basis = createDeadlineCalendar(BUILT_IN_CALENDAR_DATA).deadline(today, 25, 'party');
  expect(ordered.body).toMatchObject({ deadline: basis.date, deadlineBasis: basis });
  const detail = await eventually(async () => {
    const d = await http('GET', `/api/rectifications/${findingId}`, { token: tokens['leader-1'] });
    expect(d.status).toBe(200);
    return d;
  });
  expect(detail.body.deadlineBasis).toEqual(basis);
});

test('only an ADMIN enters a notice; a bad one is refused with its problems and writes nothing', async () => {
  const year = thisYear + 1;
  const path = `/api/calendar/years/${year}`;
  const notice = testNotice(year);

  const byLeader = await http('PUT', path, { token: tokens['leader-1'], body: notice });
  expect(byLeader.status).toBe(403);
  expect(byLeader.body.error.code).toBe('FORBIDDEN');

  const malformed = await http('PUT', path, { token: tokens['admin'], body: { ...notice, holidays: 'all of them' } });
  expect(malformed.status).toBe(400);
  expect(malformed.body.error.code).toBe('VALIDATION_FAILED');

  // A statutory holiday left out, a weekday as make-up day, a date of another year.
  const [firstHoliday, ...otherHolidays] = notice.holidays;
  const weekday = [`${year}-03-02`, `${year}-03-03`, `${year}-03-04`].find((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))!;
  const invalid = await http('PUT', path, {
    token: tokens['admin'],
    body: { ...notice, holidays: [...otherHolidays, `${year + 1}-01-01`], workdays: [weekday] },
  });
  expect(invalid.status).toBe(422);
  expect(invalid.body.error.code).toBe('CALENDAR_DATA_INVALID');
  const messages = invalid.body.error.issues.map((i: { message: string }) => i.message);
  expect(messages).toEqual(
    expect.arrayContaining([
      `日期 ${year + 1}-01-01 不属于 ${year} 年（通知只能调整本年度及上一年12月的日期）`,
      `调休上班日 ${weekday} 不是周六或周日`,
      `${firstHoliday}（元旦）是法定节假日，应列为放假日`,
    ]),
  );
  expect(await prisma.calendarNotice.count()).toBe(0);
  expect(await prisma.auditEvent.count({ where: { subjectType: 'CalendarNotice' } })).toBe(0);
});

test("an ADMIN's notice is used at once by the API's next order and the worker's extension, audited once", async () => {
  // This year and next, so that a 25-working-day order made today stays inside entered notices.
  const years = [thisYear, thisYear + 1];
  for (const year of years) {
    const saved = await http('PUT', `/api/calendar/years/${year}`, { token: tokens['admin'], body: testNotice(year) });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      year: { year, status: 'official', documentNumber: testNotice(year).documentNumber, source: '管理员录入' },
      // Replacing a built-in year is a correction: allowed, and audited as such.
      replaced: Boolean(BUILT_IN_CALENDAR_DATA.years[String(year)]),
    });
  }
  const audits = await prisma.auditEvent.findMany({ where: { subjectType: 'CalendarNotice' }, orderBy: { subjectId: 'asc' } });
  const action = (y: number) => (BUILT_IN_CALENDAR_DATA.years[String(y)] ? 'CALENDAR_NOTICE_REPLACED' : 'CALENDAR_NOTICE_ENTERED');
  expect(audits.map((a) => [a.subjectId, a.action, a.actorId])).toEqual(years.map((y) => [String(y), action(y), expect.any(String)]));
  const replacedBefore = years.filter((y) => action(y) === 'CALENDAR_NOTICE_REPLACED').length;

  const corrected = await http('PUT', `/api/calendar/years/${thisYear + 1}`, {
    token: tokens['admin'],
    body: { ...testNotice(thisYear + 1), documentNumber: `国办发明电〔${thisYear}〕更正号` },
  });
  expect(corrected.body.replaced).toBe(true);
  expect(await prisma.auditEvent.count({ where: { subjectType: 'CalendarNotice', action: 'CALENDAR_NOTICE_REPLACED' } })).toBe(replacedBefore + 1);
  expect(await prisma.auditEvent.count({ where: { subjectType: 'CalendarNotice' } })).toBe(3);
  expect(await prisma.calendarNotice.count()).toBe(2);

  const entered: WorkingDayCalendarData = {
    years: Object.fromEntries(
      years.map((y) => {
        const n = y === thisYear + 1 ? { ...testNotice(y), documentNumber: `国办发明电〔${thisYear}〕更正号` } : testNotice(y);
        return [String(y), { holidays: [...n.holidays].sort(), workdays: [], notice: { documentNumber: n.documentNumber, publishedOn: n.publishedOn } }];
      }),
    ),
  };
  const expected = createDeadlineCalendar(mergeCalendarData(BUILT_IN_CALENDAR_DATA, entered));

  const { findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'RECTIFY' });
  const ordered = await http('POST', `/api/findings/${findingId}/rectification`, {
    token: tokens['market-1'],
    body: { requirement: '立即下架过期食品', workingDays: 25 },
  });
  expect(ordered.status).toBe(202);
  const basis = expected.deadline(today, 25, 'party');
  expect(basis.provisional).toBe(false);
  expect(ordered.body).toMatchObject({ deadline: basis.date, deadlineBasis: basis });
  const row = await eventually(async () => {
    const r = await prisma.rectificationOrder.findUnique({ where: { findingId: findingId! } });
    expect(r).not.toBeNull();
    return r!;
  });
  expect(JSON.parse(row.deadlineBasisJson!)).toEqual(basis);

  // The extension is counted by the worker's activity, which reads the same notices.
  const extended = await http('POST', `/api/rectifications/${findingId}/extend`, {
    token: tokens['market-1'],
    body: { reason: '当事人申请：需更换冷藏设备', workingDays: 3 },
  });
  expect(extended.status).toBe(200);
  const extendedBasis = expected.deadline(basis.date, 3, 'party');
  expect(extended.body).toMatchObject({ deadline: extendedBasis.date, deadlineBasis: extendedBasis });
  expect(extended.body.extensions[0]).toMatchObject({ newDeadline: extendedBasis.date, basis: extendedBasis });
  await eventually(async () => {
    const r = await prisma.rectificationOrder.findUnique({ where: { findingId: findingId! } });
    expect(JSON.parse(r!.deadlineBasisJson!)).toEqual(extendedBasis);
  });
});
