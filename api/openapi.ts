/**
 * The OpenAPI 3.1 document, built from the same route declarations (api/route.ts) and zod
 * schemas that validate requests. zod-to-openapi was chosen because it
 * reads zod schemas directly (no second schema language) and supports zod 4.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { Role } from '../domain/roles';

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
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('拒绝的具体情况：VISIT_EXISTS_IN_WINDOW 时为 existingVisits（id、scheduledFor、departments、join）和 windowDays；FREQUENCY_CAP_REACHED 时为 caps（cap、departmentCode、limit、used）和可用的 exceptionReasons'),
    }),
  })
  .meta({ id: 'Error' });

export interface ResponseDeclaration {
  description: string;
  schema?: z.ZodType;
}

/** What the document needs of a route declaration (api/route.ts). */
export interface OperationDeclaration {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Roles allowed; empty for public routes. */
  roles: readonly Role[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Request headers the route reads (a z.object of lowercase names), documented as header parameters. */
  headers?: z.ZodObject;
  responses: Record<number, ResponseDeclaration>;
  /** A file uploaded as multipart/form-data (api/upload.ts). */
  upload?: { field: string; description: string };
  /** A multipart/form-data body the handler streams itself (e.g. evidence files); documented only. */
  multipart?: z.ZodObject;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '请求格式或参数错误',
  401: '未提供或无效的访问令牌',
  403: '无权执行此操作',
  404: '资源不存在',
  409: '与当前状态冲突',
  413: '上传的文件过大',
  415: '上传文件的内容不是可接受的类型（以内容为准，与文件名无关）',
  422: '违反业务规则',
  429: '请求过于频繁（无效令牌过多，见 Retry-After）',
  503: '流程引擎暂时无法连接（ENGINE_UNAVAILABLE，见 Retry-After）；查询不受影响',
};

const declared = new Set<string>();

/** Registers the route's operation in the OpenAPI document, once (apps are built more than once in tests). */
export function registerOperation(route: OperationDeclaration): void {
  const key = `${route.method} ${route.path}`;
  if (declared.has(key)) return;
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
  // Authenticated routes share the limit on failed authentications (api/app.ts): 429.
  const errorStatuses = [
    ...(route.roles.length > 0 ? [400, 401, 403, 404, 409, 422, 429] : [400]),
    // A file is judged by its size and its content (magic bytes): 413 and 415.
    ...(route.upload || route.multipart ? [413, 415] : []),
    ...(command ? [503] : []),
  ];
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
      ...(route.params ? { params: route.params as never } : {}),
      ...(route.query ? { query: route.query as never } : {}),
      ...(route.headers ? { headers: route.headers as never } : {}),
      // The route reads a missing body as {} (api/validate.ts): the body is required exactly when {} is refused.
      ...(route.body ? { body: { required: !route.body.safeParse({}).success, content: { 'application/json': { schema: route.body } } } } : {}),
      ...(route.upload
        ? {
            body: {
              required: true,
              content: {
                'multipart/form-data': {
                  schema: z.strictObject({ [route.upload.field]: z.string().meta({ format: 'binary', description: route.upload.description }) }),
                },
              },
            },
          }
        : {}),
      ...(route.multipart ? { body: { required: true, content: { 'multipart/form-data': { schema: route.multipart } } } } : {}),
    },
    responses,
  });
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
