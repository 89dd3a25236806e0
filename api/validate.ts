/**
 * The one validation middleware: parses body, query and params with zod schemas (strict
 * objects, so unknown fields are a 400) and puts the parsed values on `req.valid`.
 */
import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError } from './errors';

export interface RequestSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

export interface ValidRequest<B = unknown, Q = unknown, P = unknown> {
  body: B;
  query: Q;
  params: P;
}

declare module 'express-serve-static-core' {
  interface Request {
    valid?: ValidRequest;
  }
}

export function zodIssues(error: z.ZodError, where: string) {
  return error.issues.map((issue) => ({
    code: issue.code,
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, _res, next) => {
    const valid: ValidRequest = { body: undefined, query: undefined, params: undefined };
    const issues = [];
    for (const where of ['body', 'query', 'params'] as const) {
      const schema = schemas[where];
      if (!schema) continue;
      const input = where === 'body' ? (req.body ?? {}) : req[where];
      const parsed = schema.safeParse(input);
      if (parsed.success) valid[where] = parsed.data;
      else issues.push(...zodIssues(parsed.error, where));
    }
    if (issues.length > 0) {
      next(new AppError('VALIDATION_FAILED', `请求参数有误：${issues.map((i) => `${i.path} ${i.message}`).join('；')}`, issues));
      return;
    }
    req.valid = valid;
    next();
  };
}

/** The parsed request of a route whose schemas were given to validate(). */
export function valid<B = unknown, Q = unknown, P = unknown>(req: { valid?: ValidRequest }): ValidRequest<B, Q, P> {
  return req.valid as ValidRequest<B, Q, P>;
}
