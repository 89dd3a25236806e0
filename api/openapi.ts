/**
 * Routes are declared once with their zod schemas: the same declaration validates requests
 * (validate()) and produces the OpenAPI 3.1 document. zod-to-openapi was chosen because it
 * reads zod schemas directly (no second schema language) and supports zod 4.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../domain/roles';
import { validate } from './validate';

export const registry = new OpenAPIRegistry();

registry.registerComponent('securitySchemes', 'bearerAuth', {
  type: 'http',
  scheme: 'bearer',
  description: '每位用户一个访问令牌（演示令牌见 .data/demo-credentials.json）',
});

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      issues: z.array(z.object({ code: z.string().optional(), path: z.string().optional(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

export interface RouteDeclaration {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express-style path, e.g. /api/inspections/:id */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Roles allowed; empty for public routes. Documented, enforced by requireRole. */
  roles: Role[];
  request?: { body?: z.ZodType; query?: z.ZodType; params?: z.ZodType };
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '请求格式或参数错误',
  401: '未提供或无效的访问令牌',
  403: '无权执行此操作',
  404: '资源不存在',
  409: '与当前状态冲突',
  422: '违反业务规则',
  503: '流程引擎暂时无法连接（ENGINE_UNAVAILABLE，见 Retry-After）；查询不受影响',
};

const declared = new Set<string>();

/** Registers the route in the OpenAPI document (once) and returns its validation middleware. */
export function declareRoute(route: RouteDeclaration): RequestHandler {
  const key = `${route.method} ${route.path}`;
  if (declared.has(key)) return validate(route.request ?? {});
  declared.add(key);
  const openapiPath = route.path.replace(/:(\w+)/g, '{$1}');
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(route.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.schema ? { content: { 'application/json': { schema: r.schema } } } : {}),
    };
  }
  // Commands go through the workflow engine; reads never do, so only commands can answer 503.
  const command = route.method !== 'get';
  const errorStatuses = [...(route.roles.length > 0 ? [400, 401, 403, 404, 409, 422] : [400]), ...(command ? [503] : [])];
  for (const status of errorStatuses) {
    responses[status] ??= { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: ErrorBody } } };
  }
  registry.registerPath({
    method: route.method,
    path: openapiPath,
    summary: route.summary,
    description: [route.description, route.roles.length ? `角色：${route.roles.join(', ')}` : undefined]
      .filter(Boolean)
      .join('\n\n'),
    tags: [route.tag],
    security: route.roles.length > 0 ? [{ bearerAuth: [] }] : [],
    request: {
      ...(route.request?.params ? { params: route.request.params as never } : {}),
      ...(route.request?.query ? { query: route.request.query as never } : {}),
      ...(route.request?.body ? { body: { content: { 'application/json': { schema: route.request.body } } } } : {}),
    },
    responses,
  });
  return validate(route.request ?? {});
}

export function openApiDocument() {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'onevisit 综合查一次 API',
      version: '0.1.0',
      description: '联合执法“综合查一次”：排期、现场检查、部门提交检查结果、法制审核、办结与统计。',
    },
    servers: [{ url: '/' }],
  });
}
