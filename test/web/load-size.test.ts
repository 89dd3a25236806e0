/**
 * #14's bar for a weak signal: the department inspector's page (the worklist, then today's
 * checklist) gets < 250 KB of JavaScript over the wire, compressed. Measured the way `npm run
 * bench:web-load` measures it (its `measureInspectorLoad`: a fresh context with only the login
 * cookie, HTTP cache off), on the real stack and the current build. Bytes only — they do not
 * depend on the machine; the time to interactive is the benchmark's (BENCHMARKS.md), never a test's.
 */
import { expect, test, beforeAll } from '@jest/globals';
import { restaurantVisitRequest } from '../support/factories';
import { buildWeb } from '../../scripts/build-web';
import { measureInspectorLoad, PHONE } from '../../scripts/bench-web-load';
import { useTestBrowser, useTestStack } from '../support/harness';
import { usePhones } from './support';

const TODAY = '2026-11-16';
const BUDGET_BYTES = 250 * 1024;
const stack = useTestStack({ name: 'web-load', officers: ['admin', 'coordinator-2', 'market-1', 'fire-1'], startAt: `${TODAY}T09:00:00+08:00` });
const browser = useTestBrowser();
const { openAccounts, device, logIn } = usePhones(stack, browser);
let visitId = '';

beforeAll(async () => {
  // The page measured is the current sources, whatever web/dist held before.
  buildWeb(() => undefined);
  await openAccounts(['market-1']);
  const body = await restaurantVisitRequest(stack.prisma, { targetKey: 'restaurant-1', scheduledFor: TODAY });
  const scheduled = await stack.http('POST', '/api/inspections', { token: stack.tokens['coordinator-2'], body });
  expect(scheduled.status).toBe(202);
  visitId = scheduled.body.id;
  const checkIn = await stack.http('POST', `/api/inspections/${visitId}/check-in`, { token: stack.tokens['coordinator-2'], body: { officerIds: body.team.map((m) => m.officerId) } });
  expect(checkIn.status).toBe(200);
}, 60_000);

test("the inspector's page loads with < 250 KB of compressed JavaScript", async () => {
  // Logged in once (first login changes the password); the measured phone starts from the cookie alone.
  const phone = await device();
  await logIn(phone.page, 'market-1');
  const { cookies } = await phone.context.storageState();
  await phone.context.close();

  // No page clock here: it would stand in for performance.now(), which the measure reads. The
  // visit is listed whatever the phone's date (today's or another day's), so bytes are the same.
  const context = await browser.newContext({ ...PHONE, storageState: { cookies, origins: [] } });
  const load = await measureInspectorLoad(context, stack.api.baseUrl, visitId);
  await context.close();

  expect(load.scripts.length).toBeGreaterThan(0);
  // Every script came compressed (the API compresses /app), and together they stay within the budget.
  expect(load.scripts.filter((s) => !['br', 'gzip'].includes(s.encoding))).toEqual([]);
  expect({ jsBytes: load.jsBytes, scripts: load.scripts, withinBudget: load.jsBytes < BUDGET_BYTES }).toMatchObject({ withinBudget: true });
}, 120_000);
