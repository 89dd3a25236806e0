/**
 * Who is logged in: GET /api/me after the session cookie was set. The last answer is kept on the
 * device so the day's checklist opens in a village without signal; a failed request that
 * reached the server (401) clears it.
 */
import { reactive } from 'vue';
import { get, set, del } from 'idb-keyval';
import { api, setCsrfToken, type Me } from './api/client';

export const session = reactive<{ me: Me | null; offline: boolean; loaded: boolean }>({ me: null, offline: false, loaded: false });

const ME_KEY = 'me';

export function isActive(me: Me | null): boolean {
  return !!me && (me.session === null || me.session.stage === 'ACTIVE');
}

/** Asks the server who we are; offline, the last known answer. */
export async function loadMe(): Promise<Me | null> {
  try {
    const { data, response } = await api.GET('/api/me');
    session.offline = false;
    if (data) {
      session.me = data;
      setCsrfToken(data.session?.csrfToken ?? null);
      await set(ME_KEY, data);
    } else if (response.status === 401) {
      session.me = null;
      await del(ME_KEY);
    } else if (response.status === 403) {
      // A session that must first change its password or bind TOTP answers 403 everywhere but
      // the account routes; /api/me stays reachable, so this is another refusal: show login.
      session.me = null;
    }
  } catch {
    // No network: the phone's last known login (the server still checks the cookie on send).
    session.offline = true;
    session.me = (await get<Me>(ME_KEY)) ?? null;
  }
  session.loaded = true;
  return session.me;
}

/** Logs out on the server when it can be reached (offline, the server ends the session by its own timeout) and forgets the person here. */
export async function logout(): Promise<void> {
  try {
    await api.POST('/api/auth/logout');
  } catch {
    // Offline: the session ends on the server by its own timeout.
  }
  await forgetMe();
}

export async function forgetMe(): Promise<void> {
  session.me = null;
  setCsrfToken(null);
  await del(ME_KEY);
}
