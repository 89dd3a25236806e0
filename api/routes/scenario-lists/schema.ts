import { z } from 'zod';
import { SEVERITIES } from '../../../domain/catalog';
import { SCENARIO_LIST_STATUSES } from '../../../domain/scenario-lists';
import { ListedItem } from '../catalog/schema';
import { isoDate } from '../inspections/schema';

const id = z.string().min(1).max(64);
const code = z.string().regex(/^[A-Z][A-Z0-9_-]{0,39}$/, '应为大写字母、数字、下划线或连字符组成的代码');
const itemCodes = z.array(code).min(1, '场景清单至少应包含一个检查事项').max(100).describe('检查事项编码，按清单顺序');
const note = z.string().trim().min(1).max(500).describe('修订说明');

export const ScenarioListParams = z.strictObject({ id }).meta({ id: 'ScenarioListIdParams' });
export type ScenarioListParams = z.infer<typeof ScenarioListParams>;

export const ScenarioListsQuery = z
  .strictObject({ scenarioCode: code.optional().describe('只列此场景的版本') })
  .meta({ id: 'ScenarioListsQuery' });
export type ScenarioListsQuery = z.infer<typeof ScenarioListsQuery>;

export const CreateScenarioListBody = z
  .strictObject({
    scenarioCode: code.describe('场景代码，如 RESTAURANT'),
    itemCodes: itemCodes.optional().describe('省略时复制今日生效版本的检查事项'),
    note: note.optional(),
  })
  .meta({ id: 'CreateScenarioList' });
export type CreateScenarioListBody = z.infer<typeof CreateScenarioListBody>;

export const EditScenarioListBody = z.strictObject({ itemCodes, note: note.optional() }).meta({ id: 'EditScenarioList' });
export type EditScenarioListBody = z.infer<typeof EditScenarioListBody>;

export const ReviewScenarioListBody = z
  .strictObject({
    decision: z.enum(['APPROVED', 'RETURNED']).describe('APPROVED：审核通过；RETURNED：退回修改'),
    opinion: z.string().trim().min(2, '请填写审核意见').max(2000).describe('法制审核意见'),
  })
  .meta({ id: 'ReviewScenarioList' });
export type ReviewScenarioListBody = z.infer<typeof ReviewScenarioListBody>;

export const PublishScenarioListBody = z
  .strictObject({ effectiveFrom: isoDate.describe('生效日期（北京时间，不早于发布当日）') })
  .meta({ id: 'PublishScenarioList' });
export type PublishScenarioListBody = z.infer<typeof PublishScenarioListBody>;

const finite = z.number().finite();
const Measurement = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('NONE') }),
  z.strictObject({
    kind: z.literal('NUMERIC'),
    unit: z.string().trim().min(1).max(20),
    limitMin: finite.optional(),
    limitMax: finite.optional(),
    validMin: finite,
    validMax: finite,
  }),
]);

export const CreateCheckItemBody = z
  .strictObject({
    code: code.describe('检查事项编码：部门代码-序号，如 MARKET-21'),
    departmentCode: code,
    title: z.string().trim().min(2).max(200),
    legalBasis: z.string().trim().min(4).max(1000).describe('法律依据：须写明《法律法规名称》及第…条'),
    method: z.string().trim().min(2).max(1000).describe('检查方法'),
    severity: z.enum(SEVERITIES),
    measurement: Measurement.describe('计量方式：NONE，或 NUMERIC（单位、限值、仪器可测范围）'),
  })
  .meta({ id: 'CreateCheckItem' });
export type CreateCheckItemBody = z.infer<typeof CreateCheckItemBody>;

/** The procedure's fields of a published-list version (db/scenario-lists.ts listProcedureOf); county rules share them. */
export const LIST_PROCEDURE_FIELDS = {
    status: z.enum(SCENARIO_LIST_STATUSES),
    statusLabel: z.string(),
    effectiveFrom: z.string().nullable(),
    inEffect: z.boolean().describe('今日生效的版本'),
    note: z.string().nullable(),
    basedOnId: z.string().nullable(),
    createdById: z.string(),
    createdAt: z.string(),
    submittedAt: z.string().nullable(),
    reviewedById: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    reviewOpinion: z.string().nullable(),
    publishedById: z.string().nullable(),
    publishedAt: z.string().nullable(),
};

const ListItem = ListedItem;

export const CheckItemCreated = ListItem.meta({ id: 'CheckItemCreated' });

export const ScenarioListSummary = z
  .object({
    id: z.string(),
    scenarioCode: z.string(),
    scenarioName: z.string(),
    version: z.number().int(),
    itemCount: z.number().int(),
    ...LIST_PROCEDURE_FIELDS,
  })
  .meta({ id: 'ScenarioListSummary' });

export const ScenarioListsResponse = z.array(ScenarioListSummary).meta({ id: 'ScenarioLists' });

export const ScenarioListDetail = z
  .object({
    version: ScenarioListSummary,
    items: z.array(ListItem),
    changes: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }).nullable().describe('与所依据版本相比增删的检查事项'),
    history: z.array(z.object({ at: z.string(), action: z.string(), actorName: z.string().nullable(), payload: z.unknown() })),
  })
  .meta({ id: 'ScenarioListDetail' });
