import { z } from 'zod';
import { DEFAULT_SAMPLING_RATIOS, RISK_CLASSES } from '../../../domain/draw';
import { PLAN_STATUSES } from '../../../domain/plan';
import { CAP_EXCEPTION_REASONS, REQUEST_REASONS } from '../../../domain/planning';
import { isoDate } from '../dates';
import { RELATION } from '../../validate';

const id = z.string().min(1).max(64);
const CODE = /^[A-Z][A-Z0-9_-]{0,39}$/;
const code = z.string().regex(CODE, '应为大写字母、数字、下划线或连字符组成的代码');
/** Department code → number; the document names the keys a department code (zod-to-openapi leaves a record's keys out). */
const byDepartment = (value: z.ZodNumber) => z.record(code, value).meta({ propertyNames: { type: 'string', pattern: CODE.source } });

export const PlanIdParams = z.strictObject({ id }).meta({ id: 'PlanIdParams' });

export const FrequencyCapsBody = z
  .strictObject({
    perDepartment: byDepartment(z.number().int().min(0).max(100)).default({}),
    defaultPerDepartment: z.number().int().min(0).max(100).nullable().default(null),
    visitsPerTarget: z.number().int().min(0).max(100).nullable().default(4),
  })
  .describe('每个市场主体每年的检查频次上限（无事不扰）；null 表示不设上限')
  .meta({ id: 'FrequencyCaps' });

export const TeamCapacityBody = z
  .strictObject({
    visitsPerDay: z.number().int().min(1).max(10_000),
    checksPerDepartmentPerDay: byDepartment(z.number().int().min(1).max(10_000)).default({}),
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
  .refine((b) => b.periodEnd >= b.periodStart, { message: '计划结束日期不能早于开始日期', path: ['periodEnd'], params: RELATION })
  .refine((b) => b.periodStart.slice(0, 4) === b.periodEnd.slice(0, 4), { message: '计划期间须在同一年度内（频次上限按年度计算）', path: ['periodEnd'], params: RELATION })
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
  .refine((r) => r.windowEnd >= r.windowStart, { message: '时间窗口结束日期不能早于开始日期', path: ['windowEnd'], params: RELATION })
  // The document says the first rule too: exactly one of the two.
  .meta({ id: 'CheckRequest', oneOf: [{ required: ['targetId'] }, { required: ['scenarioCode'] }] });

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


// ---- Answers. Their shapes are the services' (api/services/plans.ts) and the plan workflow's
// state (contracts/plan.ts); the JSON columns are written by activities/planning.ts.

const isoDateOut = z.string().meta({ format: 'date' });
const isoTime = z.string().meta({ format: 'date-time' });
const counts = z.record(z.string(), z.number().int());

const PlanSummaryOut = z
  .object({
    requests: z.number().int(),
    placed: z.number().int(),
    unplaced: z.number().int(),
    visits: z.number().int(),
    lowerBound: z.number().int(),
    lowerBoundAllRequests: z.number().int(),
    visitsAboveBound: z.number().int(),
    departmentChecks: z.number().int(),
    visitsSaved: z.number().int(),
  })
  .partial()
  .describe('合并结果的汇总；合并之前为空对象')
  .meta({ id: 'PlanSummary' });

export const PlanStateOut = z
  .object({
    planId: z.string(),
    status: z.enum(PLAN_STATUSES),
    persisted: z.boolean(),
    requestsAdded: z.number().int(),
    draws: z.array(z.object({ drawId: z.string(), scenarioCode: z.string(), seed: z.string(), drawnTargets: z.number().int(), requests: z.number().int() })),
    // Unions, not .nullable(): zod-to-openapi turns a nullable $ref into an allOf that refuses null.
    summary: z.union([PlanSummaryOut, z.null()]),
    visits: z.array(z.object({ visitId: z.string(), date: isoDateOut, inspectionId: z.string().nullable() })),
    report: counts.nullable(),
  })
  .describe('计划流程的状态')
  .meta({ id: 'PlanState' });

export const PlanCreated = z
  .object({ id: z.string(), workflowId: z.string(), status: z.literal('DRAFT'), location: z.string() })
  .meta({ id: 'PlanCreated' });

const PlanSummaryRow = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(PLAN_STATUSES),
  periodStart: isoDateOut,
  periodEnd: isoDateOut,
  summary: PlanSummaryOut,
  report: counts.describe('计划执行情况（计划与实际）；报告之前为空对象'),
});
export const PlanList = z.array(PlanSummaryRow.meta({ id: 'PlanListItem' })).meta({ id: 'PlanList' });

const FrequencyCapsOut = z.object({
  perDepartment: counts,
  defaultPerDepartment: z.number().int().nullable(),
  visitsPerTarget: z.number().int().nullable(),
});
const TeamCapacityOut = z.object({
  visitsPerDay: z.number().int(),
  checksPerDepartmentPerDay: counts,
  defaultChecksPerDepartmentPerDay: z.number().int(),
});
const CapExceptionOut = z.object({
  requestId: z.string(),
  reason: z.enum(REQUEST_REASONS),
  cap: z.enum(['VISITS_PER_TARGET', 'DEPARTMENT']),
  departmentCode: z.string().optional(),
});

export const PlanDetail = z
  .object({
    plan: PlanSummaryRow.extend({
      caps: FrequencyCapsOut,
      capacity: TeamCapacityOut,
      requests: z.number().int(),
      approvedAt: isoTime.nullable(),
      publishedAt: isoTime.nullable(),
    }),
    state: z.union([PlanStateOut, z.null()]),
    visits: z.array(
      z.object({
        id: z.string(),
        date: isoDateOut,
        target: z.object({ id: z.string(), name: z.string(), village: z.string() }),
        departments: z.array(z.object({ departmentCode: z.string(), itemCodes: z.array(z.string()), requestIds: z.array(z.string()) })),
        reasons: z.array(z.enum(REQUEST_REASONS)),
        capExceptions: z.array(CapExceptionOut),
        aboveBoundReason: z.string().nullable(),
        inspectionId: z.string().nullable(),
        scenarioVersionId: z.string().nullable(),
      }),
    ),
    unplaced: z.array(
      z.object({
        requestId: z.string(),
        target: z.object({ id: z.string(), name: z.string() }),
        departmentCode: z.string(),
        reason: z.enum(REQUEST_REASONS),
        code: z.string().nullable(),
        message: z.string().nullable(),
      }),
    ),
    draws: z.array(
      z.object({ id: z.string(), scenarioCode: z.string(), seed: z.string(), algorithm: z.string(), publishedAt: isoTime.nullable(), publicUrl: z.string() }),
    ),
  })
  .meta({ id: 'PlanDetail' });

const RiskClassOut = z.enum(RISK_CLASSES);
export const PublicDraw = z
  .object({
    id: z.string(),
    scenarioCode: z.string(),
    algorithm: z.string(),
    seed: z.string(),
    onDate: isoDateOut,
    publishedAt: isoTime,
    inputs: z.object({
      seed: z.string(),
      onDate: isoDateOut,
      targets: z.array(z.object({ id: z.string(), riskClass: RiskClassOut })),
      ratios: z.object({ HIGH: z.number(), MEDIUM: z.number(), LOW: z.number() }),
      doNotDisturb: z.array(z.string()),
      departmentCodes: z.array(z.string()),
      officers: z.array(
        z.object({
          officerId: z.string(),
          name: z.string(),
          departmentCode: z.string().nullable(),
          certificateNo: z.string().nullable(),
          certificateExpiresOn: isoDateOut.nullable(),
        }),
      ),
      inspectorsPerDepartment: z.number().int(),
      conflicts: z.array(z.object({ officerId: z.string(), targetId: z.string() })),
    }),
    result: z.object({
      algorithm: z.string(),
      seed: z.string(),
      pools: z.object({
        targetsByClass: z.object({ HIGH: z.array(z.string()), MEDIUM: z.array(z.string()), LOW: z.array(z.string()) }),
        excludedDoNotDisturb: z.array(z.string()),
        officersByDepartment: z.record(z.string(), z.array(z.string())),
      }),
      drawn: z.array(
        z.object({
          targetId: z.string(),
          riskClass: RiskClassOut,
          inspectors: z.array(z.object({ departmentCode: z.string(), officerIds: z.array(z.string()) })),
          understaffed: z.array(z.string()),
        }),
      ),
    }),
    howToVerify: z.string(),
  })
  .meta({ id: 'PublicDraw' });

export const TargetLedger = z
  .object({
    target: z.object({ id: z.string(), name: z.string(), creditCode: z.string(), doNotDisturb: z.boolean() }),
    year: z.number().int(),
    visits: z.number().int(),
    checksByDepartment: counts,
    entries: z.array(
      z.object({
        inspectionId: z.string(),
        date: isoDateOut,
        status: z.string(),
        scenario: z.string(),
        exception: z
          .object({
            reason: z.enum(CAP_EXCEPTION_REASONS),
            reasonLabel: z.string(),
            note: z.string(),
            capsLifted: z.array(z.object({ cap: z.enum(['VISITS_PER_TARGET', 'DEPARTMENT']), departmentCode: z.string().optional(), limit: z.number().int(), used: z.number().int() })),
            besideInspectionIds: z.array(z.string()),
          })
          .nullable(),
        checks: z.array(z.object({ departmentCode: z.string(), departmentName: z.string(), reasons: z.array(z.string()), reasonLabels: z.array(z.string()) })),
      }),
    ),
  })
  .meta({ id: 'TargetLedger' });

const ReasonCounts = z.object({ requested: z.number().int(), placed: z.number().int(), unplaced: z.number().int() });
export const PlanningStats = z
  .object({
    year: z.number().int(),
    plans: z.number().int(),
    requests: z.number().int(),
    byReason: z.record(z.string(), ReasonCounts),
    plannedVisits: z.number().int(),
    plannedDepartmentChecks: z.number().int(),
    visitsSaved: z.number().int(),
    visitsAboveBound: z.number().int(),
    startedVisits: z.number().int(),
    completedVisits: z.number().int(),
  })
  .meta({ id: 'PlanningStats' });
