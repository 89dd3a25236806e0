/**
 * A new county from an empty database to its first joint inspection, using only the API and
 * its own data (the README's "A new county" walkthrough): `npm run admin:create`, the admin logs
 * in and binds an authenticator (TOTP), logs in again with a code; creates a township with its
 * villages, a department of the township, officers; imports its businesses from the register;
 * a coordinator drafts a scenario list, the legal reviewer approves it, a leader publishes it;
 * the coordinator schedules the visit under that version.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, test } from '@jest/globals';
import { chinaDate } from '../../domain/dates';
import { makeCreditCode } from '../../prisma/seed-data/catalog';
import { useTestStack, type HttpResult } from '../support/harness';

const ROOT = path.resolve(__dirname, '../..');
const STRONG = 'Longhe#2026!';

// Set once the stack has made the database (below); read by the first beforeAll.
const database = { url: '' };
let adminPassword: string;
// Before the stack opens the database: the first administrator, as a county would create it.
beforeAll(() => {
  const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/admin-create.ts', '--username', 'county.admin', '--name', '县司法局管理员'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database.url, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  adminPassword = /one-time password: (\S+)/.exec(out)![1];
}, 120_000);
const stack = useTestStack({ name: 'new-county', officers: [], county: 'own' });
database.url = stack.db.url;
const { http, prisma } = stack;

const today = chinaDate(new Date().toISOString());

/** A browser's session: the cookie and the CSRF token every change sends. */
interface Session {
  cookie: string;
  csrf: string;
}
const as = (session: Session, body?: unknown) => ({ headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(body !== undefined ? { body } : {}) });

function cookieOf(res: HttpResult): string {
  const match = /^(ov_session|__Host-ov_session)=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!match) throw new Error(`no session cookie: ${res.status} ${JSON.stringify(res.body)}`);
  return `${match[1]}=${match[2]}`;
}

async function login(username: string, password: string, totp?: string): Promise<Session> {
  const res = await http('POST', '/api/auth/login', { body: { username, password, ...(totp ? { totp } : {}) } });
  expect(res.status).toBe(200);
  return { cookie: cookieOf(res), csrf: res.body.csrfToken };
}

function ok<T = any>(res: HttpResult<T>, status = 200): T {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('a new county, from an empty database to its first joint inspection', () => {
  const ids: Record<string, string> = {};
  let admin: Session;
  let authenticator: TOTP;

  test('the database holds the catalog and one administrator, nothing invented', async () => {
    expect(await prisma.officer.count()).toBe(1);
    expect(await prisma.target.count()).toBe(0);
    expect(await prisma.township.count()).toBe(0);
    expect(await prisma.scenario.count()).toBeGreaterThan(0);
  });

  test('the administrator logs in, changes the password, binds TOTP and logs in with a code', async () => {
    const first = await login('county.admin', adminPassword);
    ok(await http('POST', '/api/auth/password', as(first, { currentPassword: adminPassword, newPassword: STRONG })));
    const setup = ok(await http('POST', '/api/auth/totp/setup', as(first)));
    authenticator = new TOTP({ secret: Secret.fromBase32(setup.secret), digits: 6, period: 30, algorithm: 'SHA1' });
    ok(await http('POST', '/api/auth/totp/confirm', as(first, { code: authenticator.generate() })));

    const withoutCode = await http('POST', '/api/auth/login', { body: { username: 'county.admin', password: STRONG } });
    expect(withoutCode.body.error.code).toBe('SECOND_FACTOR_REQUIRED');
    // The next 30-second step's code (a code is good once; one step of drift is accepted).
    admin = await login('county.admin', STRONG, authenticator.generate({ timestamp: Date.now() + 30_000 }));
    const me = ok(await http('GET', '/api/me', as(admin)));
    expect(me.officer).toMatchObject({ name: '县司法局管理员', roles: ['ADMIN'], countyWide: true });
  });

  test('a township with its villages, a department of the township, and the officers', async () => {
    const township = ok(
      await http('POST', '/api/townships', as(admin, { code: '500230901', name: '龙河镇', villages: [{ name: '龙河社区', kind: 'COMMUNITY' }, { name: '鱼泉村' }, { name: '新屋村' }] })),
      201,
    );
    ids.township = township.id;
    ok(await http('POST', '/api/departments', as(admin, { code: 'LHZF', name: '龙河镇综合行政执法办公室', shortName: '龙河综执', townshipId: ids.township })), 201);

    const officer = async (key: string, body: Record<string, unknown>) => {
      const created = ok(await http('POST', '/api/officers', as(admin, { townshipIds: [ids.township], ...body })), 201);
      ids[key] = created.id;
    };
    await officer('coordinator', { name: '龙河协调员', roles: ['COORDINATOR'], phone: '13800000011' });
    await officer('market', {
      name: '龙河市场监管员',
      roles: ['INSPECTOR'],
      departmentCode: 'MARKET',
      certificateNo: '渝执法字第50023090001号',
      certificateIssuer: '重庆市人民政府',
      certificateExpiresOn: '2099-12-31',
    });
    await officer('fire', {
      name: '龙河消防员',
      roles: ['INSPECTOR'],
      departmentCode: 'FIRE',
      certificateNo: '渝执法字第50023090002号',
      certificateIssuer: '重庆市人民政府',
      certificateExpiresOn: '2099-12-31',
    });
    await officer('reviewer', { name: '龙河法制审核员', roles: ['LEGAL_REVIEWER'], legalQualified: true, legalQualificationNo: 'A20235002300001' });
    await officer('leader', { name: '龙河镇长', roles: ['LEADER'] });

    // The coordinator gets a login; the reviewer and the leader API tokens (their sessions would need TOTP too).
    const credentials = ok(await http('POST', `/api/admin/officers/${ids.coordinator}/credentials`, as(admin, { username: 'longhe.coord' })));
    const coordinator = await login('longhe.coord', credentials.temporaryPassword);
    ok(await http('POST', '/api/auth/password', as(coordinator, { currentPassword: credentials.temporaryPassword, newPassword: STRONG })));
    ids.coordinatorCookie = coordinator.cookie;
    ids.coordinatorCsrf = coordinator.csrf;
    for (const key of ['reviewer', 'leader']) {
      ids[`${key}Token`] = ok(await http('POST', '/api/admin/tokens', as(admin, { officerId: ids[key], name: '测试' })), 201).token;
    }
  });

  test('the businesses come from the register (CSV), checked, then committed', async () => {
    const coordinator = { cookie: ids.coordinatorCookie, csrf: ids.coordinatorCsrf };
    const rows = [
      ['统一社会信用代码', '名称', '乡镇', '村（社区）', '地址', '场景', '风险等级', '信用等级', '法定代表人', '联系电话'],
      [makeCreditCode('92500230MA7LH0101'), '鱼泉饭店', '龙河镇', '鱼泉村', '龙河镇鱼泉村1号', 'RESTAURANT', '中', 'B', '陈一', '13800000021'],
      [makeCreditCode('92500230MA7LH0102'), '新屋农家乐', '龙河镇', '新屋村', '龙河镇新屋村8号', 'RESTAURANT', '低', 'A', '陈二', '13800000022'],
    ];
    const csv = '\uFEFF' + rows.map((r) => r.join(',')).join('\r\n');
    const upload = async (mode: 'check' | 'commit') => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(csv, 'utf8')]), '龙河镇市场主体名录.csv');
      const res = await fetch(`${stack.api.baseUrl}/api/businesses/import?mode=${mode}`, {
        method: 'POST',
        headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf },
        body: form,
      });
      return { status: res.status, body: await res.json() };
    };
    const checked = await upload('check');
    expect(checked.status).toBe(200);
    expect(await prisma.target.count()).toBe(0);
    const committed = await upload('commit');
    expect(committed.status).toBe(200);
    const businesses = await prisma.target.findMany({ where: { townshipId: ids.township }, orderBy: { name: 'asc' } });
    expect(businesses.map((b) => b.name)).toEqual(['新屋农家乐', '鱼泉饭店']);
    ids.business = businesses.find((b) => b.name === '鱼泉饭店')!.id;
  });

  test('a scenario list: drafted, approved by the legal reviewer, published by the leader', async () => {
    const coordinator = { cookie: ids.coordinatorCookie, csrf: ids.coordinatorCsrf };
    const catalog = ok(await http('GET', '/api/catalog/scenarios', { headers: { cookie: coordinator.cookie } }));
    const restaurant = catalog.find((s: { code: string }) => s.code === 'RESTAURANT');
    const itemCodes = restaurant.items
      .filter((i: { departmentCode: string }) => i.departmentCode === 'MARKET' || i.departmentCode === 'FIRE')
      .map((i: { code: string }) => i.code);
    const draft = ok(await http('POST', '/api/scenario-lists', as(coordinator, { scenarioCode: 'RESTAURANT', itemCodes, note: '龙河镇餐饮场景清单' })), 201);
    ids.list = draft.version.id;
    ok(await http('POST', `/api/scenario-lists/${ids.list}/submit`, as(coordinator, {})));
    ok(await http('POST', `/api/scenario-lists/${ids.list}/review`, { token: ids.reviewerToken, body: { decision: 'APPROVED', opinion: '依据充分，同意发布' } }));
    const published = ok(await http('POST', `/api/scenario-lists/${ids.list}/publish`, { token: ids.leaderToken, body: { effectiveFrom: today } }));
    expect(published.version).toMatchObject({ status: 'PUBLISHED', effectiveFrom: today });
  });

  test('the coordinator schedules the first joint inspection under that version', async () => {
    const coordinator = { cookie: ids.coordinatorCookie, csrf: ids.coordinatorCsrf };
    const scheduled = ok(
      await http(
        'POST',
        '/api/inspections',
        as(coordinator, {
          targetId: ids.business,
          scenarioCode: 'RESTAURANT',
          scheduledFor: today,
          departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
          team: [{ officerId: ids.market, isLead: true }, { officerId: ids.fire }],
        }),
      ),
      202,
    );
    const detail = ok(await http('GET', `/api/inspections/${scheduled.id}`, { headers: { cookie: coordinator.cookie } }));
    expect(detail.inspection).toMatchObject({ status: 'SCHEDULED', target: { name: '鱼泉饭店' } });
    const row = await prisma.jointInspection.findUniqueOrThrow({ where: { id: scheduled.id } });
    expect(row.scenarioVersionId).toBe(ids.list);
  });
});
