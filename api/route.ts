/**
 * One declaration per route: `route(router, declaration, handler)` registers the Express route,
 * refuses callers the declaration does not admit (roles, then the route's policy from
 * api/policies.ts), validates params/query/body with its zod schemas and declares the OpenAPI
 * operation — so method, path, roles and types are written once and the handler needs no casts.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { AuthenticatedOfficer } from '../db';
import type { Role } from '../domain/roles';
import { currentOfficer } from './auth';
import { AppError } from './errors';
import { registerOperation, type ResponseDeclaration } from './openapi';
import { admit, type Policy } from './policies';
import { receiveUpload, type UploadDeclaration } from './upload';
import { parseRequest } from './validate';

type Schema = z.ZodType | undefined;
/** What a schema parses to; `undefined` where the route declares none. */
export type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteDeclaration<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined, H extends z.ZodObject | undefined = undefined> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express-style path, e.g. /api/inspections/:id */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Roles allowed; empty for public routes (no token). */
  roles: readonly Role[];
  params?: P;
  query?: Q;
  body?: B;
  /** Headers the handler reads (lowercase names, a non-strict z.object: other headers pass), validated and documented. */
  headers?: H;
  responses: Record<number, ResponseDeclaration>;
  /** A file upload (multipart/form-data), read after the roles are admitted: `uploadedFile(req, upload)`. */
  upload?: UploadDeclaration;
  /**
   * A multipart body the handler streams from `req` itself (too large to buffer: evidence
   * files); only documented here, read after roles and the policy's check admitted the caller.
   */
  multipart?: z.ZodObject;
  /** Object-level access (api/policies.ts); without one, grid workers are refused. */
  policy?: Policy<Parsed<P>, Parsed<Q>, Parsed<B>>;
}

export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema, H extends Schema = undefined> {
  /** The authenticated caller; reading it on a public route is a 401. */
  readonly actor: AuthenticatedOfficer;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  headers: Parsed<H>;
  req: Request;
}

/** A handler answers through `res`, or returns the body of a 200 JSON answer. */
export type RouteHandler<P extends Schema, Q extends Schema, B extends Schema, H extends Schema = undefined> = (
  input: RouteInput<P, Q, B, H>,
  res: Response,
) => unknown;

export function route<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined, H extends z.ZodObject | undefined = undefined>(
  router: Router,
  declaration: RouteDeclaration<P, Q, B, H>,
  handler: RouteHandler<P, Q, B, H>,
): void {
  registerOperation(declaration);
  declareMethod(declaration.path, declaration.method);
  const isPublic = declaration.roles.length === 0;
  router[declaration.method](declaration.path, async (req, res) => {
    const officer = isPublic ? undefined : currentOfficer(req);
    if (officer) admit(officer, declaration.roles, declaration.policy);
    if (declaration.upload) await receiveUpload(req, res, declaration.upload);
    const parsed = parseRequest(declaration, req);
    const input: RouteInput<P, Q, B, H> = {
      get actor() {
        return currentOfficer(req);
      },
      params: parsed.params as Parsed<P>,
      query: parsed.query as Parsed<Q>,
      body: parsed.body as Parsed<B>,
      headers: parsed.headers as Parsed<H>,
      req,
    };
    if (officer && declaration.policy?.check) await declaration.policy.check(input);
    const result = await handler(input, res);
    if (result !== undefined && !res.headersSent) res.json(result);
  });
}

/** Every declared path (as a pattern) with the methods declared on it, across all routers. */
const declaredPaths = new Map<string, { pattern: RegExp; literalSegments: number; methods: Set<string> }>();

function declareMethod(path: string, method: RouteDeclaration['method']): void {
  let entry = declaredPaths.get(path);
  if (!entry) {
    // Express paths here use only literal segments and `:name` parameters (one segment each).
    const segments = path.split('/');
    const source = segments.map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
    entry = { pattern: new RegExp(`^${source}/?$`), literalSegments: segments.filter((s) => !s.startsWith(':')).length, methods: new Set() };
    declaredPaths.set(path, entry);
  }
  entry.methods.add(method.toUpperCase());
  if (method === 'get') entry.methods.add('HEAD');
}

/** The methods declared for the path a request names: of its most specific declared path(s) (`/import` before `/:id`). */
export function allowedMethods(requestPath: string): string[] {
  const matches = [...declaredPaths.values()].filter((entry) => entry.pattern.test(requestPath));
  const specific = Math.max(...matches.map((m) => m.literalSegments));
  return [...new Set(matches.filter((m) => m.literalSegments === specific).flatMap((m) => [...m.methods]))].sort();
}

/**
 * Mounted before the routers (after authentication): a request for a declared path with a
 * method no route declares for it is a 405 with `Allow` (RFC 9110 §15.5.6), not the 404 of an
 * unknown path, and OPTIONS answers with the same `Allow`. Built from the route declarations,
 * so a new route needs nothing here.
 */
export function methodNotAllowed(): RequestHandler {
  return (req, res, next) => {
    const allowed = allowedMethods(req.path);
    if (allowed.length === 0 || allowed.includes(req.method)) return next();
    res.set('Allow', allowed.join(', '));
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next(new AppError('METHOD_NOT_ALLOWED', `此接口不支持 ${req.method} 请求，可用的方法：${allowed.join('、')}`));
  };
}

/** The responses of a route that answers 200 with one JSON body (or a file, without a schema). */
export function ok(description: string, schema?: z.ZodType): Record<number, ResponseDeclaration> {
  return { 200: { description, ...(schema ? { schema } : {}) } };
}

/** The responses of a route that starts a workflow: 202 with where to read it (see accepted()). */
export function started(description: string, schema: z.ZodType): Record<number, ResponseDeclaration> {
  return { 202: { description, schema } };
}

/** 202 Accepted for a started workflow, with where to read it (Location and `location`). */
export function accepted<T extends object>(res: Response, location: string, result: T): void {
  res.status(202).location(location).json({ ...result, location });
}

/** One step of a workflow-carried object: a POST under the object's path, its body validated, the service deciding. */
export interface ObjectAction<B extends z.ZodType> {
  path: string;
  roles: Role[];
  body: B;
  summary: string;
  description?: string;
  run: (options: { actor: AuthenticatedOfficer; id: string; body: Parsed<B> }) => Promise<unknown>;
}

/**
 * The steps of one kind of object (a case, a normative document): each `POST {base}/:id/{path}`
 * with the object's id params, its answer schema and its policy, declared once per step.
 */
export function objectActions<P extends z.ZodType<{ id: string }>>(
  router: Router,
  object: { base: string; tag: string; params: P; answer: z.ZodType; policy: Policy<Parsed<P>, undefined, unknown> },
) {
  return <B extends z.ZodType>(a: ObjectAction<B>): void =>
    route(
      router,
      {
        method: 'post',
        path: `${object.base}/:id/${a.path}`,
        tag: object.tag,
        summary: a.summary,
        description: a.description,
        roles: a.roles,
        params: object.params,
        body: a.body,
        responses: ok('已记录', object.answer),
        policy: object.policy as Policy<Parsed<P>, undefined, Parsed<B>>,
      },
      ({ actor, params, body }) => a.run({ actor, id: (params as { id: string }).id, body }),
    );
}
