/**
 * The typed API client: paths and bodies come from the OpenAPI document (schema.ts is generated
 * by `npm run web:client`; test/web/ fails when it and the document disagree). Same origin, the
 * session cookie travels by itself; every change carries the session's CSRF token.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type DepartmentTasks = Schemas['DepartmentTasks'];
export type DepartmentTask = DepartmentTasks['tasks'][number];
export type ChecklistItem = DepartmentTask['items'][number];
export type CheckResult = Schemas['CheckResult'];

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });
api.use(csrf);

/** The API's error body, as every route answers it. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  issues?: { path?: string; message: string }[];
  /** Machine-readable facts of a refusal (the visit to join, the caps reached). */
  details?: Record<string, unknown>;
}

export function apiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; issues?: ApiError['issues']; details?: ApiError['details'] } } | undefined)?.error;
  return { status, code: error?.code ?? `HTTP_${status}`, message: error?.message ?? `请求失败（${status}）`, issues: error?.issues, details: error?.details };
}
