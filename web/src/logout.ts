import type { Router } from 'vue-router';
import { api } from './api/client';
import { forgetMe } from './session';

/** Ends the session on the server when it can be reached, and on the phone always. */
export async function logout(router: Router): Promise<void> {
  try {
    await api.POST('/api/auth/logout');
  } catch {
    // Offline: the server ends the session by its own timeout.
  }
  await forgetMe();
  await router.replace('/login');
}
