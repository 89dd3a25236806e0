/**
 * The county's officers over real HTTP (issue #13), on the pinned clock so that certificate
 * states never depend on the day the suite runs: an ADMIN registers an officer, edits them,
 * deactivates them (their login session and API token answer 401 at once) and reactivates them;
 * bad records are refused with stable codes and nothing written; a township ADMIN sees and
 * manages only their township's officers (others are 404); the expiring-certificates list;
 * every change audited exactly once, without any of the login's secrets.
 */
import { describe, expect, test } from '@jest/globals';
import { issueToken } from '../../db';
import { useTestStack } from '../support/harness';

const stack = useTestStack({
  name: 'officers',
  officers: ['admin', 'leader-1', 'coordinator-2', 'market-1'],
  startAt: '2026-11-16T09:00:00+08:00',
});
const { prisma, http, tokens } = stack;

/** Exactly what an officer record shows: nothing of the login. */
const VIEW_KEYS = [
  'active',
  'certificate',
  'certificateExpiresOn',
  'certificateIssuer',
  'certificateNo',
  'countyWide',
  'createdAt',
  'deactivatedAt',
  'department',
  'id',
  'legalQualificationNo',
  'legalQualified',
  'name',
  'phone',
  'roles',
  'townships',
  'updatedAt',
];

const baoluan = async () => (await prisma.township.findUniqueOrThrow({ where: { name: '包鸾镇' } })).id;
const idOf = async (key: string) => (await prisma.officer.findUniqueOrThrow({ where: { key } })).id;
const audits = (subjectId: string) =>
  prisma.auditEvent.findMany({ where: { subjectType: 'Officer', subjectId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });

let serial = 0;
/** A valid inspector of 包鸾镇's market supervision, with a certificate number of its own. */
async function inspectorBody(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    name: `测试人员${serial}`,
    departmentCode: 'MARKET',
    townshipIds: [await baoluan()],
    roles: ['INSPECTOR'],
    certificateNo: `渝执法字第T${String(serial).padStart(4, '0')}号`,
    certificateIssuer: '丰都县人民政府',
    certificateExpiresOn: '2029-06-30',
    ...overrides,
  };
}

async function create(body: Record<string, unknown>, token = tokens.admin) {
  const res = await http('POST', '/api/officers', { token, body });
  expect(res.status).toBe(201);
  return res.body;
}

describe('an officer from registration to deactivation and back', () => {
  test('create → edit → deactivate (session and token then get 401) → reactivate, each audited once', async () => {
    const body = await inspectorBody({ phone: '13800138000' });
    const created = await http('POST', '/api/officers', { token: tokens.admin, body });
    expect(created.status).toBe(201);
    const officer = created.body;
    expect(created.headers.get('location')).toBe(`/api/officers/${officer.id}`);
    expect(Object.keys(officer).sort()).toEqual(VIEW_KEYS);
    expect(officer).toMatchObject({
      name: body.name,
      department: { code: 'MARKET' },
      townships: [{ name: '包鸾镇' }],
      roles: ['INSPECTOR'],
      certificateNo: body.certificateNo,
      certificateExpiresOn: '2029-06-30',
      // Pinned today 2026-11-16 → 2029-06-30.
      certificate: { state: 'VALID', label: '有效', daysLeft: 957 },
      active: true,
      deactivatedAt: null,
    });
    expect((await http('GET', `/api/officers/${officer.id}`, { token: tokens['leader-1'] })).body).toEqual(officer);

    // A partial edit: only what is sent changes; null clears.
    const edited = await http('PUT', `/api/officers/${officer.id}`, { token: tokens.admin, body: { phone: '023-70612345', certificateIssuer: null } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ phone: '023-70612345', certificateIssuer: null, name: body.name, certificateNo: body.certificateNo });
    // The same values again change nothing and write nothing.
    expect((await http('PUT', `/api/officers/${officer.id}`, { token: tokens.admin, body: { phone: '023-70612345' } })).status).toBe(200);

    // A login session (password changed or not, it is a session) and an API token.
    const opened = await http('POST', `/api/admin/officers/${officer.id}/credentials`, { token: tokens.admin, body: { username: `t.officer${serial}` } });
    expect(opened.status).toBe(200);
    const login = await http('POST', '/api/auth/login', { body: { username: `t.officer${serial}`, password: opened.body.temporaryPassword } });
    expect(login.status).toBe(200);
    const cookie = /^(ov_session=[^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1];
    expect((await http('GET', '/api/me', { headers: { cookie } })).status).toBe(200);
    const issued = await http('POST', '/api/admin/tokens', { token: tokens.admin, body: { officerId: officer.id, name: '巡查终端' } });
    expect(issued.status).toBe(201);
    expect((await http('GET', '/api/inspections', { token: issued.body.token })).status).toBe(200);
    // Nothing of the login shows on the record.
    const withLogin = await http('GET', `/api/officers/${officer.id}`, { token: tokens.admin });
    expect(Object.keys(withLogin.body).sort()).toEqual(VIEW_KEYS);
    expect(JSON.stringify(withLogin.body)).not.toMatch(/argon2|username|password|totp/i);

    // An ADMIN cannot deactivate themself.
    const self = await http('POST', `/api/officers/${await idOf('admin')}/deactivate`, { token: tokens.admin, body: { reason: '测试' } });
    expect(self.status).toBe(422);
    expect(self.body.error.code).toBe('OFFICER_SELF_DEACTIVATION');
    expect((await http('POST', `/api/officers/${officer.id}/deactivate`, { token: tokens.admin, body: {} })).status).toBe(400);

    const deactivated = await http('POST', `/api/officers/${officer.id}/deactivate`, { token: tokens.admin, body: { reason: '调离本镇' } });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect(deactivated.body.deactivatedAt).toEqual(expect.any(String));
    const sessions = await prisma.session.findMany({ where: { officerId: officer.id } });
    expect(sessions.map((s) => [s.endReason, s.endedAt !== null])).toEqual([['DEACTIVATED', true]]);
    const meAfter = await http('GET', '/api/me', { headers: { cookie } });
    expect(meAfter.status).toBe(401);
    const tokenAfter = await http('GET', '/api/inspections', { token: issued.body.token });
    expect(tokenAfter.status).toBe(401);
    const again = await http('POST', `/api/officers/${officer.id}/deactivate`, { token: tokens.admin, body: { reason: '再次' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('OFFICER_ALREADY_DEACTIVATED');
    // Kept, not deleted: the list of deactivated officers has them.
    const inactive = await http('GET', `/api/officers?active=false&q=${encodeURIComponent(body.name)}`, { token: tokens.admin });
    expect(inactive.body.items.map((o: { id: string }) => o.id)).toEqual([officer.id]);

    const reactivated = await http('POST', `/api/officers/${officer.id}/reactivate`, { token: tokens.admin, body: {} });
    expect(reactivated.status).toBe(200);
    expect(reactivated.body).toMatchObject({ active: true, deactivatedAt: null });
    expect((await http('POST', `/api/officers/${officer.id}/reactivate`, { token: tokens.admin, body: {} })).body.error.code).toBe('OFFICER_ALREADY_ACTIVE');
    // The token works again; the ended session stays ended.
    expect((await http('GET', '/api/inspections', { token: issued.body.token })).status).toBe(200);
    expect((await http('GET', '/api/me', { headers: { cookie } })).status).toBe(401);

    const events = await audits(officer.id);
    expect(events.map((e) => e.action)).toEqual(['OFFICER_CREATED', 'OFFICER_UPDATED', 'OFFICER_DEACTIVATED', 'OFFICER_REACTIVATED']);
    const adminId = await idOf('admin');
    expect(events.every((e) => e.actorId === adminId && e.actorName === '任小川')).toBe(true);
    const [createdEvent, updatedEvent, deactivatedEvent] = events.map((e) => JSON.parse(e.payloadJson));
    expect(createdEvent.after).toMatchObject({ name: body.name, certificateNo: body.certificateNo, phone: '13800138000' });
    expect(updatedEvent).toEqual({
      changes: {
        phone: { before: '13800138000', after: '023-70612345' },
        certificateIssuer: { before: '丰都县人民政府', after: null },
      },
    });
    expect(deactivatedEvent).toEqual({ reason: '调离本镇', changes: { active: { before: true, after: false } }, sessionsEnded: 1 });
    expect(events.map((e) => e.payloadJson).join('')).not.toMatch(/argon2|password|totp|secret/i);
  });
});

describe('bad records are refused with a stable code, and nothing is written', () => {
  test('validation, unknown references, inconsistent records, a certificate number taken', async () => {
    const before = await prisma.officer.count();
    const auditsBefore = await prisma.auditEvent.count({ where: { subjectType: 'Officer' } });

    const empty = await http('POST', '/api/officers', { token: tokens.admin, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('VALIDATION_FAILED');
    const extra = await http('POST', '/api/officers', { token: tokens.admin, body: { ...(await inspectorBody()), passwordHash: 'x' } });
    expect(extra.status).toBe(400);
    const badDate = await http('POST', '/api/officers', { token: tokens.admin, body: await inspectorBody({ certificateExpiresOn: '2027-02-30' }) });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.issues).toEqual([expect.objectContaining({ path: 'body.certificateExpiresOn', message: '不是有效日期' })]);
    const badPhone = await http('POST', '/api/officers', { token: tokens.admin, body: await inspectorBody({ phone: '12345' }) });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.message).toContain('电话');

    const unknownDepartment = await http('POST', '/api/officers', { token: tokens.admin, body: await inspectorBody({ departmentCode: 'NOPE' }) });
    expect(unknownDepartment.status).toBe(422);
    expect(unknownDepartment.body.error.code).toBe('UNKNOWN_DEPARTMENT');
    expect(unknownDepartment.body.error.message).toContain('NOPE');
    const unknownTownship = await http('POST', '/api/officers', { token: tokens.admin, body: await inspectorBody({ townshipIds: ['no-such-town'] }) });
    expect(unknownTownship.status).toBe(422);
    expect(unknownTownship.body.error.code).toBe('UNKNOWN_TOWNSHIP');
    expect(unknownTownship.body.error.message).toContain('no-such-town');

    const noCertificate = await http('POST', '/api/officers', {
      token: tokens.admin,
      body: await inspectorBody({ departmentCode: null, certificateNo: null, certificateExpiresOn: null }),
    });
    expect(noCertificate.status).toBe(422);
    expect(noCertificate.body.error.code).toBe('OFFICER_RECORD_INVALID');
    expect(noCertificate.body.error.issues.map((i: { code: string }) => i.code)).toEqual(['INSPECTOR_DEPARTMENT_REQUIRED', 'INSPECTOR_CERTIFICATE_REQUIRED']);
    const reviewer = await http('POST', '/api/officers', {
      token: tokens.admin,
      body: { name: '审核员', roles: ['LEGAL_REVIEWER'], townshipIds: [await baoluan()], legalQualified: true },
    });
    expect(reviewer.status).toBe(422);
    expect(reviewer.body.error.issues).toEqual([expect.objectContaining({ code: 'LEGAL_QUALIFICATION_NO_REQUIRED', path: 'body.legalQualificationNo' })]);

    const market1 = await prisma.officer.findUniqueOrThrow({ where: { key: 'market-1' } });
    const taken = await http('POST', '/api/officers', { token: tokens.admin, body: await inspectorBody({ certificateNo: market1.certificateNo }) });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('CERTIFICATE_NO_TAKEN');
    // On an edit too.
    const other = await create(await inspectorBody());
    const takenOnEdit = await http('PUT', `/api/officers/${other.id}`, { token: tokens.admin, body: { certificateNo: market1.certificateNo } });
    expect(takenOnEdit.body.error.code).toBe('CERTIFICATE_NO_TAKEN');
    const inconsistentEdit = await http('PUT', `/api/officers/${other.id}`, { token: tokens.admin, body: { certificateNo: null } });
    expect(inconsistentEdit.status).toBe(422);
    expect(inconsistentEdit.body.error.code).toBe('OFFICER_RECORD_INVALID');
    expect((await http('PUT', `/api/officers/${other.id}`, { token: tokens.admin, body: {} })).status).toBe(400);
    expect((await http('GET', '/api/officers/nope', { token: tokens.admin })).body.error.code).toBe('OFFICER_NOT_FOUND');

    // Only the one valid officer was written, with its one audit row.
    expect(await prisma.officer.count()).toBe(before + 1);
    expect(await prisma.auditEvent.count({ where: { subjectType: 'Officer' } })).toBe(auditsBefore + 1);
    expect((await prisma.officer.findUniqueOrThrow({ where: { id: other.id } })).certificateNo).toBe(other.certificateNo);
  });

  test('only an ADMIN manages officers; a leader reads, a coordinator reads to compose teams', async () => {
    const body = await inspectorBody();
    expect((await http('POST', '/api/officers', { token: tokens['coordinator-2'], body })).status).toBe(403);
    expect((await http('POST', '/api/officers', { token: tokens['leader-1'], body })).status).toBe(403);
    expect((await http('GET', '/api/officers', { token: tokens['market-1'] })).status).toBe(403);
    expect((await http('GET', '/api/officers', { token: tokens['leader-1'] })).status).toBe(200);
    // The roster with certificates, within the coordinator's townships: scheduling picks the team from it.
    const roster = await http('GET', '/api/officers?pageSize=100', { token: tokens['coordinator-2'] });
    expect(roster.status).toBe(200);
    expect(roster.body.items.map((o: { certificate: { state: string } }) => o.certificate.state)).toContain('EXPIRED');
    expect((await http('GET', '/api/officers')).status).toBe(401);
  });
});

describe('the directory', () => {
  test('filters by department, role, active and name or certificate number, and pages', async () => {
    const market = await http('GET', '/api/officers?departmentCode=MARKET&active=true&pageSize=100', { token: tokens.admin });
    expect(market.status).toBe(200);
    expect(market.body.items.length).toBeGreaterThanOrEqual(3);
    expect(market.body.items.every((o: { department: { code: string }; active: boolean }) => o.department.code === 'MARKET' && o.active)).toBe(true);
    const reviewers = await http('GET', '/api/officers?role=LEGAL_REVIEWER', { token: tokens.admin });
    expect(reviewers.body.items.map((o: { name: string }) => o.name).sort()).toEqual(['吴海涛', '袁晓东', '郑文静'].sort());
    const byName = await http('GET', `/api/officers?q=${encodeURIComponent('张建国')}`, { token: tokens.admin });
    expect(byName.body.items.map((o: { id: string }) => o.id)).toEqual([await idOf('market-1')]);
    const byCertificate = await http('GET', '/api/officers?q=240101', { token: tokens.admin });
    expect(byCertificate.body.items.map((o: { id: string }) => o.id)).toEqual([await idOf('market-1')]);
    const page = await http('GET', '/api/officers?pageSize=2&page=2', { token: tokens.admin });
    expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: await prisma.officer.count() });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items.every((o: object) => Object.keys(o).sort().join() === VIEW_KEYS.join())).toBe(true);
    expect((await http('GET', '/api/officers?active=yes', { token: tokens.admin })).status).toBe(400);
    // A record from the seed (never edited, no updatedAt yet) is edited like any other.
    const seeded = await http('PUT', `/api/officers/${await idOf('market-2')}`, { token: tokens.admin, body: { phone: '13912345678' } });
    expect(seeded.status).toBe(200);
    expect(seeded.body).toMatchObject({ phone: '13912345678', updatedAt: expect.any(String) });
  });
});

describe("a township ADMIN's reach", () => {
  test('sees and manages only officers of their township; others are 404; assigns only their townships', async () => {
    const other = await prisma.township.create({ data: { code: '500230901', name: '测试镇' } });
    const townshipAdmin = await create({ name: '测试镇管理员', roles: ['ADMIN'], townshipIds: [other.id] });
    const token = await issueToken(prisma, townshipAdmin.id, 'test');
    const market1 = await idOf('market-1');

    for (const [method, path, body] of [
      ['GET', `/api/officers/${market1}`, undefined],
      ['PUT', `/api/officers/${market1}`, { phone: '13900000000' }],
      ['POST', `/api/officers/${market1}/deactivate`, { reason: '越权' }],
      ['POST', `/api/officers/${market1}/reactivate`, {}],
      // A county-wide officer is the county's to manage.
      ['GET', `/api/officers/${await idOf('admin')}`, undefined],
    ] as const) {
      const res = await http(method, path, { token, body });
      expect([path, res.status, res.body.error?.code]).toEqual([path, 404, 'OFFICER_NOT_FOUND']);
    }
    expect((await prisma.officer.findUniqueOrThrow({ where: { id: market1 } })).phone).toBeNull();

    const outside = await http('POST', '/api/officers', { token, body: await inspectorBody() });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('TOWNSHIP_OUT_OF_REACH');
    const countyWide = await http('POST', '/api/officers', { token, body: await inspectorBody({ townshipIds: [other.id], countyWide: true }) });
    expect(countyWide.status).toBe(403);
    expect(countyWide.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.countyWide']);

    const own = await create(await inspectorBody({ townshipIds: [other.id] }), token);
    const listed = await http('GET', '/api/officers?pageSize=100', { token });
    expect(listed.body.items.map((o: { id: string }) => o.id).sort()).toEqual([townshipAdmin.id, own.id].sort());
    expect(listed.body.total).toBe(2);

    // Serving both townships: the township ADMIN's list replaces only their own township.
    const both = await http('PUT', `/api/officers/${own.id}`, { token: tokens.admin, body: { townshipIds: [other.id, await baoluan()] } });
    expect(both.body.townships.map((t: { name: string }) => t.name).sort()).toEqual(['包鸾镇', '测试镇'].sort());
    const narrowed = await http('PUT', `/api/officers/${own.id}`, { token, body: { townshipIds: [] } });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.townships.map((t: { name: string }) => t.name)).toEqual(['包鸾镇']);
    // Now out of the township ADMIN's reach, in the county ADMIN's still.
    expect((await http('GET', `/api/officers/${own.id}`, { token })).status).toBe(404);
    expect((await http('GET', `/api/officers/${own.id}`, { token: tokens.admin })).status).toBe(200);
    expect((await audits(own.id)).map((e) => [e.action, e.actorName])).toEqual([
      ['OFFICER_CREATED', '测试镇管理员'],
      ['OFFICER_UPDATED', '任小川'],
      ['OFFICER_UPDATED', '测试镇管理员'],
    ]);
  });
});

describe('expiring certificates', () => {
  test('active officers expired or expiring within the warning days, soonest first, on a given day', async () => {
    // Relative to 2026-01-15 the seed's certificates are valid, except 王德明's (expired 2025-06-30).
    const expiries = { 过期甲: '2026-01-10', 将到期乙: '2026-01-20', 将到期丙: '2026-02-14', 有效丁: '2026-02-15', 已停用戊: '2026-01-12' };
    const ids: Record<string, string> = {};
    for (const [name, certificateExpiresOn] of Object.entries(expiries)) ids[name] = (await create(await inspectorBody({ name, certificateExpiresOn }))).id;
    expect((await http('POST', `/api/officers/${ids['已停用戊']}/deactivate`, { token: tokens.admin, body: { reason: '退休' } })).status).toBe(200);

    const list = await http('GET', '/api/officers/certificates/expiring?on=2026-01-15', { token: tokens['leader-1'] });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ on: '2026-01-15', warningDays: 30 });
    expect(list.body.items.map((o: { name: string; certificate: { state: string; daysLeft: number; label: string } }) => [o.name, o.certificate.state, o.certificate.daysLeft, o.certificate.label])).toEqual([
      ['王德明', 'EXPIRED', -199, '已过期'],
      ['过期甲', 'EXPIRED', -5, '已过期'],
      ['将到期乙', 'EXPIRING', 5, '即将到期'],
      ['将到期丙', 'EXPIRING', 30, '即将到期'],
    ]);

    // Without a day: the (pinned) today, 2026-11-16 — all five of these have expired by then; 戊 is not in post.
    const today = await http('GET', '/api/officers/certificates/expiring', { token: tokens.admin });
    expect(today.body.on).toBe('2026-11-16');
    const names = today.body.items.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(['王德明', '过期甲', '将到期乙', '将到期丙', '有效丁']));
    expect(names).not.toContain('已停用戊');
    expect((await http('GET', '/api/officers/certificates/expiring', { token: tokens['coordinator-2'] })).status).toBe(403);
    expect((await http('GET', '/api/officers/certificates/expiring?on=2026-13-01', { token: tokens.admin })).status).toBe(400);
  });
});
