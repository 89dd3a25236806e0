/**
 * Accounts and login over real HTTP, on the pinned time-skipping server so that lockout, idle
 * and absolute timeouts are shown by moving the clock (the API's Date follows the server's):
 * an ADMIN opens an account → first login must change the password → cookie + CSRF token reach
 * the API; 5 wrong passwords lock the account for 30 minutes; a reviewer must bind TOTP and then
 * log in with it (a code is good once; recovery codes once each); the idle timeout and logout end
 * sessions; API tokens an ADMIN issues are scoped, expire and are revoked at once; every step is
 * in the audit log; security headers and rate limits answer as promised.
 */
import { Secret, TOTP } from 'otpauth';
import { describe, expect, test } from '@jest/globals';
import { useTestStack } from '../support/harness';

const OFFICERS = ['admin', 'coordinator-2', 'reviewer-1', 'market-1', 'leader-1'];
const MINUTE = 60_000;
const STRONG = 'Onevisit#2026';

const stack = useTestStack({
  name: 'accounts',
  officers: OFFICERS,
  startAt: '2026-11-16T09:00:00+08:00',
  auth: { loginLimits: { perAddress: 1000, perUsername: 1000, windowMs: 15 * MINUTE } },
  apis: { limited: { auth: { loginLimits: { perAddress: 1000, perUsername: 3, windowMs: 15 * MINUTE }, authFailuresPerMinute: 20 } } },
});

const officerId = async (key: string) => (await stack.prisma.officer.findUniqueOrThrow({ where: { key } })).id;

/** The session cookie a response set, as a Cookie header. */
function cookieOf(headers: Headers): string {
  const set = headers.get('set-cookie') ?? '';
  const match = /^(ov_session|__Host-ov_session)=([^;]+)/.exec(set);
  if (!match) throw new Error(`no session cookie in ${set}`);
  return `${match[1]}=${match[2]}`;
}

async function openAccount(key: string, username: string): Promise<string> {
  const opened = await stack.http('POST', `/api/admin/officers/${await officerId(key)}/credentials`, { token: stack.tokens.admin, body: { username } });
  expect(opened.status).toBe(200);
  return opened.body.temporaryPassword;
}

async function login(body: Record<string, unknown>, http = stack.http) {
  const response = await http('POST', '/api/auth/login', { body });
  return { ...response, cookie: response.status === 200 ? cookieOf(response.headers) : '' };
}

/** Logged in with a changed password; the session is ACTIVE (or waits for TOTP enrolment). */
async function firstLogin(key: string, username: string) {
  const temporary = await openAccount(key, username);
  const first = await login({ username, password: temporary });
  expect(first.status).toBe(200);
  expect(first.body.stage).toBe('PASSWORD_CHANGE');
  const changed = await stack.http('POST', '/api/auth/password', {
    headers: { cookie: first.cookie, 'x-csrf-token': first.body.csrfToken },
    body: { currentPassword: temporary, newPassword: STRONG },
  });
  expect(changed.status).toBe(200);
  return { cookie: first.cookie, csrf: first.body.csrfToken as string, stage: changed.body.stage as string };
}

const auditActions = async (subjectId: string) =>
  (await stack.prisma.auditEvent.findMany({ where: { subjectType: 'Account', subjectId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })).map((e) => e.action);

describe('login with a session cookie', () => {
  test('first login must change the password; then the cookie and CSRF token reach the API', async () => {
    const temporary = await openAccount('coordinator-2', 'zhang.coord');
    const first = await login({ username: 'zhang.coord', password: temporary });
    expect(first.status).toBe(200);
    const setCookie = first.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const session = { cookie: first.cookie, 'x-csrf-token': first.body.csrfToken };

    // Before the password is changed nothing else is reachable.
    const blocked = await stack.http('GET', '/api/inspections', { headers: { cookie: first.cookie } });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');

    const weak = await stack.http('POST', '/api/auth/password', { headers: session, body: { currentPassword: temporary, newPassword: 'zhang.coord1A' } });
    expect(weak.status).toBe(422);
    expect(weak.body.error.code).toBe('PASSWORD_TOO_WEAK');
    expect(weak.body.error.message).toContain('不得包含用户名');
    const short = await stack.http('POST', '/api/auth/password', { headers: session, body: { currentPassword: temporary, newPassword: 'abc' } });
    expect(short.body.error.message).toContain('至少 8 位');

    const changed = await stack.http('POST', '/api/auth/password', { headers: session, body: { currentPassword: temporary, newPassword: STRONG } });
    expect(changed.status).toBe(200);
    expect(changed.body.stage).toBe('ACTIVE');

    const list = await stack.http('GET', '/api/inspections', { headers: { cookie: first.cookie } });
    expect(list.status).toBe(200);
    const me = await stack.http('GET', '/api/me', { headers: { cookie: first.cookie } });
    expect(me.body).toMatchObject({ via: 'session', officer: { roles: ['COORDINATOR'] }, session: { stage: 'ACTIVE', csrfToken: first.body.csrfToken } });

    // A change without the CSRF token is refused; with it, it goes through.
    const withoutCsrf = await stack.http('POST', '/api/auth/logout', { headers: { cookie: first.cookie } });
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.body.error.code).toBe('CSRF_TOKEN_INVALID');
    const wrongCsrf = await stack.http('POST', '/api/auth/logout', { headers: { cookie: first.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrongCsrf.body.error.code).toBe('CSRF_TOKEN_INVALID');

    const out = await stack.http('POST', '/api/auth/logout', { headers: session });
    expect(out.status).toBe(200);
    const after = await stack.http('GET', '/api/me', { headers: { cookie: first.cookie } });
    expect(after.status).toBe(401);

    // The new password works, the temporary one no longer does.
    expect((await login({ username: 'zhang.coord', password: temporary })).status).toBe(401);
    expect((await login({ username: 'zhang.coord', password: STRONG })).body.stage).toBe('ACTIVE');
    expect(await auditActions(await officerId('coordinator-2'))).toEqual(
      expect.arrayContaining(['ACCOUNT_CREATED', 'LOGIN', 'PASSWORD_CHANGED', 'LOGOUT', 'LOGIN_FAILED']),
    );
  });

  test('five wrong passwords lock the account for 30 minutes; then it opens again', async () => {
    await firstLogin('market-1', 'li.market');
    for (let i = 1; i <= 4; i++) {
      const wrong = await login({ username: 'li.market', password: `wrong-${i}` });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('LOGIN_FAILED');
    }
    const fifth = await login({ username: 'li.market', password: 'wrong-5' });
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(29 * 60);
    // Locked: even the right password is refused, without counting or revealing it.
    const right = await login({ username: 'li.market', password: STRONG });
    expect(right.status).toBe(423);

    await stack.sleep(29 * MINUTE);
    expect((await login({ username: 'li.market', password: STRONG })).status).toBe(423);
    await stack.sleep(2 * MINUTE);
    const unlocked = await login({ username: 'li.market', password: STRONG });
    expect(unlocked.status).toBe(200);
    const actions = await auditActions(await officerId('market-1'));
    expect(actions.filter((a) => a === 'LOGIN_FAILED')).toHaveLength(5);
    expect(actions).toContain('ACCOUNT_LOCKED');
    expect(actions).toContain('LOGIN_REFUSED_LOCKED');
  });

  test('an unknown username gets the same answer as a wrong password', async () => {
    const unknown = await login({ username: 'nobody', password: 'whatever' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toEqual({ code: 'LOGIN_FAILED', message: '用户名或密码错误' });
  });

  test('a session unused for 30 minutes ends; one in use lasts until its absolute 12 hours', async () => {
    // The leader must bind a second factor: done here so the session is ACTIVE.
    const session = await enrolTotp('leader-1', 'wang.leader');
    expect((await stack.http('GET', '/api/me', { headers: { cookie: session.cookie } })).status).toBe(200);
    await stack.sleep(31 * MINUTE);
    const idle = await stack.http('GET', '/api/me', { headers: { cookie: session.cookie } });
    expect(idle.status).toBe(401);
    const ended = await stack.prisma.session.findFirstOrThrow({ where: { officerId: await officerId('leader-1'), endReason: 'IDLE_TIMEOUT' } });
    expect(ended.endedAt).not.toBeNull();

    const again = await login({ username: 'wang.leader', password: STRONG, totp: session.totp.generate() });
    expect(again.status).toBe(200);
    // Used every 20 minutes, it lives on to the absolute limit and no further.
    for (let t = 0; t < 36; t++) {
      await stack.sleep(20 * MINUTE);
      const seen = await stack.http('GET', '/api/me', { headers: { cookie: again.cookie } });
      if (seen.status !== 200) {
        expect(t).toBe(35);
        break;
      }
    }
    expect((await stack.http('GET', '/api/me', { headers: { cookie: again.cookie } })).status).toBe(401);
    expect(await stack.prisma.session.count({ where: { officerId: await officerId('leader-1'), endReason: 'EXPIRED' } })).toBe(1);
  });
});

/** First login of an officer whose role needs a second factor: password change, TOTP binding. */
async function enrolTotp(key: string, username: string) {
  const password = await openAccount(key, username);
  const first = await login({ username, password });
  const headers = { cookie: first.cookie, 'x-csrf-token': first.body.csrfToken };
  const changed = await stack.http('POST', '/api/auth/password', { headers, body: { currentPassword: password, newPassword: STRONG } });
  expect(changed.body.stage).toBe('TOTP_ENROLMENT');
  const blocked = await stack.http('GET', '/api/inspections', { headers });
  expect(blocked.body.error.code).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED');
  const setup = await stack.http('POST', '/api/auth/totp/setup', { headers });
  expect(setup.status).toBe(200);
  expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
  const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret), digits: 6, period: 30, algorithm: 'SHA1' });
  const wrong = await stack.http('POST', '/api/auth/totp/confirm', { headers, body: { code: totp.generate({ timestamp: Date.now() + 10 * MINUTE }) } });
  expect(wrong.status).toBe(422);
  const confirmed = await stack.http('POST', '/api/auth/totp/confirm', { headers, body: { code: totp.generate() } });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.stage).toBe('ACTIVE');
  expect(confirmed.body.recoveryCodes).toHaveLength(10);
  return { cookie: first.cookie, csrf: first.body.csrfToken as string, totp, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

describe('the second factor', () => {
  test('a legal reviewer must bind TOTP, then log in with a code that is good once, or a recovery code once', async () => {
    const { totp, recoveryCodes } = await enrolTotp('reviewer-1', 'zhao.review');
    const noCode = await login({ username: 'zhao.review', password: STRONG });
    expect(noCode.status).toBe(401);
    expect(noCode.body.error.code).toBe('SECOND_FACTOR_REQUIRED');

    await stack.sleep(31_000);
    const code = totp.generate();
    const withCode = await login({ username: 'zhao.review', password: STRONG, totp: code });
    expect(withCode.status).toBe(200);
    expect(withCode.body.stage).toBe('ACTIVE');
    expect((await stack.http('GET', '/api/inspections', { headers: { cookie: withCode.cookie } })).status).toBe(200);
    // The same code again (someone who saw it) is refused.
    const replay = await login({ username: 'zhao.review', password: STRONG, totp: code });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('LOGIN_FAILED');

    const recovered = await login({ username: 'zhao.review', password: STRONG, recoveryCode: recoveryCodes[0] });
    expect(recovered.status).toBe(200);
    expect((await login({ username: 'zhao.review', password: STRONG, recoveryCode: recoveryCodes[0] })).status).toBe(401);
    expect(await auditActions(await officerId('reviewer-1'))).toEqual(expect.arrayContaining(['TOTP_ENABLED', 'LOGIN']));
  });
});

describe('API tokens issued by an ADMIN', () => {
  test('named, limited to some roles, expiring, revoked at once, listed without the token', async () => {
    const coordinator = await officerId('coordinator-2');
    const beyond = await stack.http('POST', '/api/admin/tokens', { token: stack.tokens.admin, body: { officerId: coordinator, name: '台账同步', roles: ['ADMIN'] } });
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.code).toBe('TOKEN_SCOPE_INVALID');

    const expiresAt = new Date(Date.now() + 60 * MINUTE).toISOString();
    const issued = await stack.http('POST', '/api/admin/tokens', {
      token: stack.tokens.admin,
      body: { officerId: coordinator, name: '台账同步', roles: ['COORDINATOR'], expiresAt },
    });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^ov_/);
    const token = issued.body.token as string;
    expect((await stack.http('GET', '/api/me', { token })).body).toMatchObject({ via: 'token', session: null, officer: { roles: ['COORDINATOR'] } });

    const listed = await stack.http('GET', '/api/admin/tokens', { token: stack.tokens.admin });
    const row = listed.body.items.find((t: { id: string }) => t.id === issued.body.id);
    expect(row).toMatchObject({ name: '台账同步', status: 'ACTIVE', roles: ['COORDINATOR'] });
    expect(JSON.stringify(listed.body)).not.toContain(token);

    // Not for a coordinator to list or issue.
    expect((await stack.http('GET', '/api/admin/tokens', { token })).status).toBe(403);

    await stack.sleep(61 * MINUTE);
    const expired = await stack.http('GET', '/api/me', { token });
    expect(expired.status).toBe(401);

    const second = await stack.http('POST', '/api/admin/tokens', { token: stack.tokens.admin, body: { officerId: coordinator, name: '大屏' } });
    expect((await stack.http('GET', '/api/inspections', { token: second.body.token })).status).toBe(200);
    const revoked = await stack.http('POST', `/api/admin/tokens/${second.body.id}/revoke`, { token: stack.tokens.admin });
    expect(revoked.body).toEqual({ revoked: true });
    expect((await stack.http('GET', '/api/inspections', { token: second.body.token })).status).toBe(401);
    expect(await auditActions(coordinator)).toEqual(expect.arrayContaining(['API_TOKEN_ISSUED', 'API_TOKEN_REVOKED']));
  });
});

describe('hardening', () => {
  test('pages and answers carry security headers; the pages a strict Content-Security-Policy', async () => {
    const page = await stack.http('GET', '/app/');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const api = await stack.http('GET', '/api/inspections', { token: stack.tokens.admin });
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(api.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  test('logins per account are rate limited (429 with Retry-After), and so are requests with wrong tokens', async () => {
    const limited = stack.apis.limited.http;
    for (let i = 0; i < 3; i++) expect((await login({ username: 'someone', password: 'x' }, limited)).status).toBe(401);
    const fourth = await login({ username: 'someone', password: 'x' }, limited);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address is not held up by it.
    expect((await login({ username: 'someone-else', password: 'x' }, limited)).status).toBe(401);

    const answers: number[] = [];
    for (let i = 0; i < 25; i++) answers.push((await limited('GET', '/api/inspections', { token: `ov_wrong${i}` })).status);
    expect(answers.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(answers.slice(20).every((s) => s === 429)).toBe(true);
    // The address waits out the minute, whatever it sends: a guesser cannot mix in good requests.
    expect((await limited('GET', '/api/inspections', { token: stack.tokens.admin })).status).toBe(429);
  });
});
