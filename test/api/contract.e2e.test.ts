/**
 * The API keeps the contract its OpenAPI document states (what `npm run test:api` checks with
 * Schemathesis, here as plain cases that fail fast): an undeclared method on a declared path is
 * a 405 with `Allow`, not a 404; a request the schema admits but whose fields contradict each
 * other is a 422, not a 400; a body is required exactly when the route needs one; answers
 * match their declared schemas.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { openApiDocument } from '../../api/openapi';
import { PlanDetail, PlanList, PlanStateOut } from '../../api/routes/plans/schema';
import { InspectionStateSchema } from '../../api/routes/inspections/state';
import { InspectionDetailResponse } from '../../api/routes/inspections/schema';
import { expectConforms } from '../support/conforms';
import { useTestStack } from '../support/harness';
import { restaurantVisitRequest } from '../support/factories';

const stack = useTestStack({ name: 'contract', officers: ['coordinator-2', 'admin', 'market-1', 'fire-1'] });
const { http, prisma } = stack;
const tokens: Record<string, string> = stack.tokens;
// Built once, after the stack's app has declared its routes and before any request:
// generating it takes seconds, long enough for an idle keep-alive connection to be closed
// under a following request.
interface Document {
  paths: Record<string, Record<string, { requestBody?: { required?: boolean } }>>;
  components: { schemas: Record<string, { properties: Record<string, { format?: string; pattern?: string }> }> };
}
let document: Document;
beforeAll(() => {
  document = openApiDocument() as unknown as Document;
});
// Plans of next year: never in the past, whatever day the suite runs.
const YEAR = new Date().getUTCFullYear() + 1;

describe('methods', () => {
  test('an undeclared method on a declared path is a 405 with the declared methods in Allow', async () => {
    const res = await http('DELETE', '/api/plans', { token: tokens['coordinator-2'] });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(res.body.error.message).toContain('GET、HEAD、POST');
  });

  test('a literal path answers with its own methods, not those of the :id path beside it', async () => {
    const options = await http('OPTIONS', '/api/businesses/import', { token: tokens.admin });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('POST');
    const get = await http('GET', '/api/businesses/import', { token: tokens.admin });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  test('a path nobody declared stays a 404, and authentication still comes first', async () => {
    expect((await http('GET', '/api/no-such-thing', { token: tokens.admin })).status).toBe(404);
    expect((await http('DELETE', '/api/plans')).status).toBe(401);
  });
});

describe('requests', () => {
  const plan = { name: '年度计划', periodStart: `${YEAR}-03-01`, periodEnd: `${YEAR}-06-30` };

  test('fields that contradict each other are a 422; a malformed field stays a 400', async () => {
    const reversed = await http('POST', '/api/plans', { token: tokens['coordinator-2'], body: { ...plan, periodEnd: `${YEAR}-02-01` } });
    expect(reversed.status).toBe(422);
    expect(reversed.body.error).toMatchObject({ code: 'UNPROCESSABLE', issues: [{ path: 'body.periodEnd', message: '计划结束日期不能早于开始日期' }] });
    const twoYears = await http('POST', '/api/plans', { token: tokens['coordinator-2'], body: { ...plan, periodEnd: `${YEAR + 1}-01-31` } });
    expect(twoYears.status).toBe(422);
    const notADay = await http('POST', '/api/plans', { token: tokens['coordinator-2'], body: { ...plan, periodEnd: `${YEAR}-02-30` } });
    expect(notADay.status).toBe(400);
    expect(notADay.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('typed text is trimmed before its length counts, and the document says so with a pattern', async () => {
    const blank = await http('POST', '/api/townships', { token: tokens.admin, body: { code: '500230902', name: 'n\u00a0' } });
    expect(blank.status).toBe(400);
    const twice = await http('POST', '/api/townships', { token: tokens.admin, body: { code: '500230902', name: '龙河镇', villages: [{ name: '鱼泉村' }, { name: '鱼泉村' }] } });
    expect(twice.status).toBe(422);
    const pattern = new RegExp(document.components.schemas.CreateTownship.properties.name.pattern!, 'u');
    expect(['n\u00a0', '\u3000镇\u3000', '包鸾'].map((name) => pattern.test(name))).toEqual([false, false, true]);
  });

  test('the document says which bodies are required and that dates are calendar dates', () => {
    expect(document.paths['/api/findings/{id}/disposition'].post.requestBody?.required).toBe(true);
    // Every field of the merge step's body is optional: the route reads a missing body as {}.
    expect(document.paths['/api/plans/{id}/merge'].post.requestBody?.required).toBe(false);
    expect(document.components.schemas.CreatePlan.properties.periodStart.format).toBe('date');
  });
});

describe('answers', () => {
  test('a plan and its steps answer in their declared shapes', async () => {
    const created = await http('POST', '/api/plans', { token: tokens['coordinator-2'], body: { name: '契约计划', periodStart: `${YEAR}-03-01`, periodEnd: `${YEAR}-06-30` } });
    expect(created.status).toBe(202);
    const drawn = await http('POST', `/api/plans/${created.body.id}/draw`, { token: tokens['coordinator-2'], body: { scenarioCode: 'RESTAURANT', seed: 'contract' } });
    expect(drawn.status).toBe(200);
    expect(PlanStateOut.strict().safeParse(drawn.body).error).toBeUndefined();
    const detail = await http('GET', `/api/plans/${created.body.id}`, { token: tokens['coordinator-2'] });
    expect(PlanDetail.safeParse(detail.body).error).toBeUndefined();
    expect(detail.body.state.summary).toBeNull();
    const list = await http('GET', '/api/plans', { token: tokens['coordinator-2'] });
    expect(Array.isArray(list.body)).toBe(true);
    expect(PlanList.safeParse(list.body).error).toBeUndefined();
  });

  test('an inspection answers with its workflow state in the declared shape', async () => {
    const scheduled = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body: await restaurantVisitRequest(prisma) });
    expect(scheduled.status).toBe(202);
    const detail = await http('GET', `/api/inspections/${scheduled.body.id}`, { token: tokens['coordinator-2'] });
    expect(detail.status).toBe(200);
    expect(InspectionStateSchema.strict().safeParse(detail.body.state).error).toBeUndefined();
    expectConforms(InspectionDetailResponse, detail.body);
  });

  test('every answer has a real schema: no free-form object or untyped value in any response', () => {
    type Node = Record<string, unknown>;
    const schemas = document.components.schemas as unknown as Record<string, Node>;
    // An audit event's payload varies with its action, and an error's details with its code: both say so.
    const FREE_BY_DESIGN = new Set(['payload', 'details']);
    const loose: string[] = [];
    const seen = new Set<string>();
    const walk = (node: Node | undefined, at: string): void => {
      if (!node || typeof node !== 'object') return;
      if (typeof node.$ref === 'string') {
        const name = node.$ref.split('/').pop()!;
        if (!seen.has(name)) {
          seen.add(name);
          walk(schemas[name], name);
        }
        return;
      }
      const field = at.split('.').pop()!.replace(/(\{\}|\[\])+$/, '');
      const typed = ['type', 'anyOf', 'oneOf', 'allOf', 'enum', 'const', 'properties'].some((k) => k in node);
      if (!typed && !FREE_BY_DESIGN.has(field)) loose.push(`${at}: untyped`);
      const extra = node.additionalProperties as Node | boolean | undefined;
      if ((extra === true || (typeof extra === 'object' && Object.keys(extra).length === 0)) && !FREE_BY_DESIGN.has(field)) loose.push(`${at}: free-form object`);
      for (const [key, child] of Object.entries((node.properties as Record<string, Node>) ?? {})) walk(child, `${at}.${key}`);
      if (node.items) walk(node.items as Node, `${at}[]`);
      if (typeof extra === 'object') walk(extra, `${at}{}`);
      for (const k of ['anyOf', 'oneOf', 'allOf']) for (const [i, child] of ((node[k] as Node[]) ?? []).entries()) walk(child, `${at}|${i}`);
    };
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const responses = (operation as { responses?: Record<string, { content?: Record<string, { schema?: Node }> }> }).responses ?? {};
        for (const [status, response] of Object.entries(responses)) {
          const schema = response.content?.['application/json']?.schema;
          if (schema) walk(schema, `${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(loose).toEqual([]);
  });
});
