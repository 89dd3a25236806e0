import { z } from 'zod';
import { idempotencyHeaders } from '../idempotency';
import { CHECK_OUTCOMES, FINDING_OUTCOMES, INSPECTION_STATUSES, PROPOSED_ACTIONS, REVIEW_DECISIONS } from '../../../domain/inspection';
import { SEVERITIES } from '../../../domain/catalog';
import { CREDIT_GRADES } from '../../../domain/business';
import { RISK_CLASSES } from '../../../domain/draw';
import type { InspectionService } from '../../services/inspections';
import { agrees, dateTime, day as answeredDay, type Answer } from '../answers';
import { CAP_EXCEPTION_REASONS } from '../../../domain/planning';
import { isoDate } from '../dates';
import { CheckInPositionSchema, InspectionStateSchema } from './state';

const id = z.string().min(1).max(64);
const code = z.string().regex(/^[A-Z][A-Z0-9_-]{0,39}$/, '应为大写字母、数字、下划线或连字符组成的代码');
export { isoDate };

export const InspectionIdParams = z.strictObject({ id }).meta({ id: 'InspectionIdParams' });
export const DepartmentCheckParams = z.strictObject({ id, department: code });

export const ScheduleInspectionBody = z
  .strictObject({
    targetId: id.describe('检查对象 ID'),
    scenarioCode: code.describe('场景代码，如 RESTAURANT'),
    scheduledFor: isoDate.describe('检查日期（北京时间）'),
    departments: z
      .array(
        z.strictObject({
          code,
          itemCodes: z.array(code).min(1).max(100).optional().describe('省略时为该场景下本部门的全部检查事项'),
        }),
      )
      .min(1)
      .max(20),
    team: z
      .array(z.strictObject({ officerId: id, isLead: z.boolean().optional() }))
      .min(1)
      .max(30),
    exception: z
      .strictObject({
        reason: z.enum(CAP_EXCEPTION_REASONS).describe('法定例外：COMPLAINT 投诉举报、ASSIGNED_CASE 上级交办、RECTIFICATION_RECHECK 整改复查、ENTITY_REQUEST 企业申请'),
        note: z.string().trim().min(1).max(1000).describe('例外情形说明（如投诉编号、交办文号）'),
      })
      .optional()
      .describe('突破频次上限或在已有检查前后窗口内另行入企的法定例外；记入审计记录和检查台账'),
  })
  .meta({ id: 'ScheduleInspection' });
export type ScheduleInspectionBody = z.infer<typeof ScheduleInspectionBody>;

export const JoinInspectionBody = z
  .strictObject({
    departments: z
      .array(
        z.strictObject({
          code,
          itemCodes: z.array(code).min(1).max(100).optional().describe('省略时为该场景下本部门的全部检查事项'),
        }),
      )
      .min(1)
      .max(20)
      .describe('加入本次检查的部门及其检查事项（已在本次检查中的部门只增加事项）'),
    team: z
      .array(z.strictObject({ officerId: id }))
      .max(30)
      .default([])
      .describe('随部门加入的执法人员（检查组尚无该部门人员时加入）'),
  })
  .meta({ id: 'JoinInspection' });
export type JoinInspectionBody = z.infer<typeof JoinInspectionBody>;

export const ListInspectionsQuery = z
  .strictObject({
    status: z.enum(INSPECTION_STATUSES).optional(),
    scenarioCode: code.optional(),
    departmentCode: code.optional(),
    village: z.string().max(50).optional(),
    targetId: id.optional(),
    from: isoDate.optional().describe('检查日期起（含）'),
    to: isoDate.optional().describe('检查日期止（含）'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .meta({ id: 'ListInspectionsQuery' });
export type ListInspectionsQuery = z.infer<typeof ListInspectionsQuery>;

export const CheckInBody = z
  .strictObject({
    officerIds: z.array(id).min(1).max(30).describe('到场执法人员 ID'),
    // Numbers only here: the ranges are the business place's rule (domain/check-in.ts), a 422 with its message.
    position: z
      .strictObject({
        latitude: z.number().describe('纬度：WGS-84 十进制度数（-90～90），手机 GPS 定位所得'),
        longitude: z.number().describe('经度：WGS-84 十进制度数（-180～180）'),
        accuracyMeters: z.number().optional().describe('定位精度（米），即浏览器定位的 coords.accuracy'),
      })
      .optional()
      .describe('签到位置（可选，手机能定位时提供）；经纬度须同时给出。与检查对象登记位置相距超过设定距离（默认 1 公里）时在检查详情中标记，不拒绝签到'),
  })
  .meta({ id: 'CheckIn' });
export type CheckInBody = z.infer<typeof CheckInBody>;

export const CheckResultBody = z
  .strictObject({
    itemCode: code,
    outcome: z.enum(CHECK_OUTCOMES),
    measuredValue: z.number().finite().optional(),
    unit: z.string().max(20).optional(),
    note: z.string().max(2000).optional(),
    evidence: z.array(z.string().min(1).max(500)).max(20).optional().describe('证据引用（照片、录像、检测报告编号等）'),
    proposedAction: z.enum(PROPOSED_ACTIONS).optional().describe('不符合时的处理建议：RECTIFY 责令改正，PENALTY 建议处罚'),
  })
  .meta({ id: 'CheckResult' });

export const SubmitChecksBody = z
  .strictObject({ results: z.array(CheckResultBody).min(1).max(200) })
  .meta({ id: 'SubmitChecks' });
export type SubmitChecksBody = z.infer<typeof SubmitChecksBody>;

export const LegalReviewBody = z
  .strictObject({
    decision: z.enum(REVIEW_DECISIONS),
    opinion: z.string().max(5000).describe('审核意见；退回时必填'),
  })
  .meta({ id: 'LegalReview' });
export type LegalReviewBody = z.infer<typeof LegalReviewBody>;

export const CancelBody = z
  .strictObject({ reason: z.string().trim().min(1).max(1000) })
  .meta({ id: 'CancelInspection' });
export type CancelBody = z.infer<typeof CancelBody>;

export const ScheduledResponse = z
  .object({ id: z.string(), workflowId: z.string(), status: z.enum(INSPECTION_STATUSES), location: z.string() })
  .meta({ id: 'Scheduled' });

/** The inspection's stored record (api/services/inspections.ts loadDetail); `agrees` below checks it. */
export const InspectionRecordView = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    status: z.enum(INSPECTION_STATUSES),
    scheduledFor: answeredDay.describe('检查日期（北京时间）'),
    target: z.object({
      id: z.string(),
      key: z.string().nullable(),
      name: z.string(),
      creditCode: z.string(),
      address: z.string(),
      village: z.string(),
      scenarioCode: z.string().nullable(),
      riskClass: z.enum(RISK_CLASSES).nullable(),
      doNotDisturb: z.boolean(),
      createdAt: dateTime,
      contactPhone: z.string().nullable(),
      creditGrade: z.enum(CREDIT_GRADES).nullable(),
      doNotDisturbFrom: answeredDay.nullable(),
      doNotDisturbReason: z.string().nullable(),
      doNotDisturbUntil: answeredDay.nullable(),
      legalRepresentative: z.string().nullable(),
      updatedAt: dateTime.nullable(),
      townshipId: z.string().nullable(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
    }),
    scenario: z.object({ code: z.string(), name: z.string() }),
    scenarioVersionId: z.string().nullable().describe('检查事项所依据的场景清单版本'),
    team: z.array(z.object({ officerId: z.string(), isLead: z.boolean(), presentAtCheckIn: z.boolean() })),
    checkInAt: dateTime.nullable(),
    checkInPlace: z
      .object({
        asked: z.boolean().describe('签到时是否已采集位置；早于该功能签到的检查为 false'),
        position: CheckInPositionSchema.nullable().describe('签到位置；手机未提供时为 null'),
        flags: z.array(z.object({ code: z.enum(['CHECK_IN_FAR_FROM_SITE']), message: z.string() })).describe('与检查对象登记位置比对的标记（只标记，不拒绝）'),
      })
      .describe('现场签到位置及与登记位置的比对'),
    checksDoneAt: dateTime.nullable(),
    closedAt: dateTime.nullable(),
    cancelledAt: dateTime.nullable(),
    cancelReason: z.string().nullable(),
    reviewDueOn: answeredDay.nullable().describe('待审核轮次的法制审核期限'),
    reviewOverdueAt: dateTime.nullable(),
    findings: z.array(
      z.object({
        id: z.string(),
        itemCode: z.string(),
        departmentCode: z.string(),
        severity: z.enum(SEVERITIES),
        proposedAction: z.enum(PROPOSED_ACTIONS),
        description: z.string(),
        outcome: z.enum(FINDING_OUTCOMES).nullable(),
        resolvedAt: dateTime.nullable(),
        resolutionRef: z.string().nullable(),
        resolutionNote: z.string().nullable(),
      }),
    ),
    reviews: z.array(z.object({ round: z.number().int(), reviewerId: z.string(), decision: z.enum(REVIEW_DECISIONS), opinion: z.string(), decidedAt: dateTime })),
  })
  .meta({ id: 'InspectionRecordView' });

// The live state: contracts/inspection.ts InspectionState, checked against it in ./state.ts.
export const InspectionDetailResponse = z
  .object({
    inspection: InspectionRecordView,
    // A union, not .nullable(): zod-to-openapi turns a nullable $ref into an allOf that refuses null.
    state: z.union([InspectionStateSchema, z.null()]),
    history: z.array(
      z.object({ at: dateTime, action: z.string(), actorName: z.string().nullable(), payload: z.unknown().describe('审计事件的内容，随 action 而异') }),
    ),
  })
  .meta({ id: 'InspectionDetail' });
agrees<z.output<typeof InspectionDetailResponse>, Answer<InspectionService['get']>>();

export { InspectionStateSchema as InspectionStateResponse } from './state';

/** One row of the list (api/services/inspections.ts listPage). */
export const InspectionListItem = z
  .object({
    id: z.string(),
    status: z.enum(INSPECTION_STATUSES),
    scheduledFor: z.string().describe('检查日期（北京时间）'),
    target: z.object({ id: z.string(), name: z.string(), village: z.string() }),
    scenario: z.object({ code: z.string(), name: z.string() }),
    departments: z.array(z.object({ code: z.string(), name: z.string(), submitted: z.boolean(), overdue: z.boolean() })),
    findings: z.number().int(),
    checkInAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'InspectionListItem' });

export const InspectionListResponse = z
  .object({
    items: z.array(InspectionListItem),
    page: z.number(),
    pageSize: z.number(),
    total: z.number(),
  })
  .meta({ id: 'InspectionList' });

/** POST /api/inspections: a resend with the same key answers the visit already scheduled. */
export const ScheduleHeaders = idempotencyHeaders('客户端为这次排期选定的唯一键（可选）：同一键的重复请求返回同一检查，不会重复排期');
/** PUT …/checks/:department: a resend after a lost answer is recorded once. */
export const SubmitChecksHeaders = idempotencyHeaders('客户端为这次提交选定的唯一键（可选）：应答丢失后用同一键重发，只记录一次提交，返回同一结果（不会记为补正）');
