/**
 * Request validation: parses params, query and body with zod schemas (strict objects, so
 * unknown fields are a 400) and reports every issue at once as VALIDATION_FAILED.
 */
import type { Request } from 'express';
import type { z } from 'zod';
import { AppError } from './errors';

export interface RequestSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Request headers (Express lowercases their names: declare them lowercase). */
  headers?: z.ZodType;
}

/**
 * The `params` of a refinement that relates fields which are each valid (an end before its
 * start, two filters that exclude each other): no schema can state it, so breaking it is a 422
 * (UNPROCESSABLE), while a request the schema refuses stays a 400.
 */
export const RELATION = { relation: true } as const;

const isRelation = (issue: z.core.$ZodIssue) => issue.code === 'custom' && (issue.params as { relation?: boolean } | undefined)?.relation === true;

export function zodIssues(error: z.ZodError, where: string) {
  return error.issues.map((issue) => ({
    code: issue.code,
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** The parsed parts of a request (undefined where no schema is given), or a VALIDATION_FAILED AppError. */
export function parseRequest(schemas: RequestSchemas, req: Pick<Request, 'body' | 'query' | 'params' | 'headers'>) {
  const valid: Record<'body' | 'query' | 'params' | 'headers', unknown> = { body: undefined, query: undefined, params: undefined, headers: undefined };
  const issues = [];
  let relationsOnly = true;
  for (const where of ['body', 'query', 'params', 'headers'] as const) {
    const schema = schemas[where];
    if (!schema) continue;
    const input: unknown = where === 'body' ? (req.body ?? {}) : req[where];
    const parsed = schema.safeParse(input);
    if (parsed.success) valid[where] = parsed.data;
    else {
      issues.push(...zodIssues(parsed.error, where));
      relationsOnly &&= parsed.error.issues.every(isRelation);
    }
  }
  if (issues.length > 0) {
    throw new AppError(relationsOnly ? 'UNPROCESSABLE' : 'VALIDATION_FAILED', `请求参数有误：${issues.map((i) => `${i.path} ${i.message}`).join('；')}`, issues);
  }
  return valid;
}
