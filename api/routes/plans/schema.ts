import { z } from 'zod';
import { DEFAULT_SAMPLING_RATIOS } from '../../../domain/draw';
import { PLAN_STATUSES } from '../../../domain/plan';
import { REQUEST_REASONS } from '../../../domain/planning';
import { isoDate } from '../inspections/schema';

const id = z.string().min(1).max(64);
const code = z.string().regex(/^[A-Z][A-Z0-9_-]{0,39}$/, '应为大写字母、数字、下划线或连字符组成的代码');

export const PlanIdParams = z.strictObject({ id }).meta({ id: 'PlanIdParams' });

export const FrequencyCapsBody = z
  .strictObject({
    perDepartment: z.record(code, z.number().int().min(0).max(100)).default({}),
    defaultPerDepartment: z.number().int().min(0).max(100).nullable().default(null),
    visitsPerTarget: z.number().int().min(0).max(100).nullable().default(4),
  })
  .describe('每个市场主体每年的检查频次上限（无事不扰）；null 表示不设上限')
  .meta({ id: 'FrequencyCaps' });

export const TeamCapacityBody = z
  .strictObject({
    visitsPerDay: z.number().int().min(1).max(10_000),
    checksPerDepartmentPerDay: z.record(code, z.number().int().min(1).max(10_000)).default({}),
    defaultChecksPerDepartmentPerDay: z.number().int().min(1).max(10_000),
  })
  .describe('检查组每天可完成的联合检查次数，以及各部门每天可派出的检查力量')
  .meta({ id: 'TeamCapacity' });

export const CreatePlanBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    periodStart: isoDate,
    periodEnd: isoDate,
    caps: FrequencyCapsBody.optional(),
    capacity: TeamCapacityBody.optional(),
    townshipId: id.optional().describe('计划所属乡镇；只服务一个乡镇的人员可省略，县级人员省略即为全县计划'),
  })
  .refine((b) => b.periodEnd >= b.periodStart, { message: '计划结束日期不能早于开始日期', path: ['periodEnd'] })
  .refine((b) => b.periodStart.slice(0, 4) === b.periodEnd.slice(0, 4), { message: '计划期间须在同一年度内（频次上限按年度计算）', path: ['periodEnd'] })
  .meta({ id: 'CreatePlan' });
export type CreatePlanBody = z.infer<typeof CreatePlanBody>;

export const CheckRequestBody = z
  .strictObject({
    targetId: id.optional().describe('检查对象；与 scenarioCode 二选一'),
    scenarioCode: code.optional().describe('该场景下的全部检查对象；与 targetId 二选一'),
    departmentCode: code,
    itemCodes: z.array(code).min(1).max(50),
    windowStart: isoDate,
    windowEnd: isoDate,
    reason: z.enum(REQUEST_REASONS),
  })
  .refine((r) => (r.targetId === undefined) !== (r.scenarioCode === undefined), { message: 'targetId 与 scenarioCode 须且只须提供一个', path: ['targetId'] })
  .refine((r) => r.windowEnd >= r.windowStart, { message: '时间窗口结束日期不能早于开始日期', path: ['windowEnd'] })
  .meta({ id: 'CheckRequest' });

export const AddRequestsBody = z.strictObject({ requests: z.array(CheckRequestBody).min(1).max(1000) }).meta({ id: 'AddCheckRequests' });
export type AddRequestsBody = z.infer<typeof AddRequestsBody>;

const ratio = z.number().min(0).max(1);
export const DrawBody = z
  .strictObject({
    scenarioCode: code,
    departmentCodes: z.array(code).min(1).max(20).optional().describe('省略时为该场景清单涉及的全部部门'),
    ratios: z
      .strictObject({ HIGH: ratio, MEDIUM: ratio, LOW: ratio })
      .default(DEFAULT_SAMPLING_RATIOS)
      .describe('按风险等级的抽取比例'),
    inspectorsPerDepartment: z.number().int().min(1).max(5).default(1),
    seed: z.string().min(1).max(100).optional().describe('随机种子；省略时由系统生成并公示'),
  })
  .meta({ id: 'Draw' });
export type DrawBody = z.infer<typeof DrawBody>;

export const EmptyBody = z.strictObject({}).meta({ id: 'Empty' });

export const LedgerParams = z.strictObject({ id });
export const YearQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
export type YearQuery = z.infer<typeof YearQuery>;

export const PlanListQuery = z.strictObject({ status: z.enum(PLAN_STATUSES).optional() });

export const Loose = z.record(z.string(), z.unknown());

/** One plan of the list (api/services/plans.ts planSummaryOf). */
export const PlanSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(PLAN_STATUSES),
    periodStart: z.string().describe('计划期间起（北京时间）'),
    periodEnd: z.string().describe('计划期间止（北京时间）'),
    summary: z.unknown().describe('合并结果（联合检查次数、未能安排的需求、下界与差距）；合并前为空对象'),
    report: z.unknown().describe('执行总结；总结前为空对象'),
  })
  .meta({ id: 'PlanSummary' });

export const PlanList = z.array(PlanSummary).meta({ id: 'PlanList' });
