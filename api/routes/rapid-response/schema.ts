import { z } from 'zod';
import { idempotencyHeaders } from '../idempotency';
import { nonBlank } from '../text';
import { RELATION } from '../../validate';
import { EventStateSchema } from './state';
import { CONVERSION_KINDS, EVENT_CATEGORY_CODES, EVENT_STATUSES, RESPONSE_STAGES } from '../../../domain/rapid-response';
import { ScheduleInspectionBody, isoDate } from '../inspections/schema';
import type { RapidResponseService } from '../../services/rapid-response';
import { agrees, dateTime, type Answer } from '../answers';

const id = z.string().min(1).max(64);
const code = z.string().regex(/^[A-Z][A-Z0-9_-]{0,39}$/, '应为大写字母、数字、下划线或连字符组成的代码');
const text = (max: number) => nonBlank(1, max);
const evidence = z
  .array(nonBlank(1, 500))
  .max(20)
  .default([])
  .describe('证据引用（照片、录像、录音的编号或地址）');

export const EventIdParams = z.strictObject({ id }).meta({ id: 'EventIdParams' });

export const ReportEventBody = z
  .strictObject({
    clientKey: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('客户端生成的唯一键；同一网格员用同一键重复提交只产生一个事件（也可用 Idempotency-Key 请求头）'),
    category: z.enum(EVENT_CATEGORY_CODES).describe('事件类别'),
    village: text(50).describe('村（社区）'),
    location: text(200).describe('具体位置'),
    description: text(2000).describe('事件描述'),
    evidence,
    townshipId: z.string().min(1).max(100).optional().describe('事件所在乡镇；只服务一个乡镇的网格员可省略'),
  })
  .meta({ id: 'ReportEvent' });
export type ReportEventBody = z.infer<typeof ReportEventBody>;

export const ListEventsQuery = z
  .strictObject({
    status: z.enum(EVENT_STATUSES).optional(),
    category: z.enum(EVENT_CATEGORY_CODES).optional(),
    village: z.string().max(50).optional(),
    from: isoDate.optional().describe('上报日期起（含，北京时间）'),
    to: isoDate.optional().describe('上报日期止（含，北京时间）'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .meta({ id: 'ListEventsQuery' });
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

export const DispatchEventBody = z
  .strictObject({
    instruction: text(2000).describe('处置指令'),
    responderIds: z.array(id).min(1).max(10).meta({ uniqueItems: true }).describe('指派的处置人员 ID（不重复）'),
    departmentCodes: z.array(code).min(1).max(9).optional().describe('责任部门；省略时为处置人员所在部门'),
  })
  .meta({ id: 'DispatchEvent' });
export type DispatchEventBody = z.infer<typeof DispatchEventBody>;

export const EventCheckInBody = z
  .strictObject({
    officerIds: z.array(id).min(1).max(10).optional().describe('到场人员 ID；省略时为本人'),
  })
  .meta({ id: 'EventCheckIn' });
export type EventCheckInBody = z.infer<typeof EventCheckInBody>;

export const EventFeedbackBody = z
  .strictObject({ result: text(5000).describe('初步处置结果'), evidence })
  .meta({ id: 'EventFeedback' });
export type EventFeedbackBody = z.infer<typeof EventFeedbackBody>;

export const ResolveEventBody = z.strictObject({ note: text(2000).describe('办结说明') }).meta({ id: 'ResolveEvent' });
export type ResolveEventBody = z.infer<typeof ResolveEventBody>;

export const ConvertEventBody = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('JOINT_INSPECTION'),
      inspection: ScheduleInspectionBody.describe('与排期联合检查相同的内容'),
      note: z.string().trim().max(2000).default(''),
    }),
    z.strictObject({
      kind: z.literal('CASE'),
      caseRef: text(100).describe('案件编号（立案后的文号或登记号）'),
      note: z.string().trim().max(2000).default(''),
    }),
  ])
  .meta({ id: 'ConvertEvent' });
export type ConvertEventBody = z.infer<typeof ConvertEventBody>;

export const RapidResponseStatsQuery = z
  .strictObject({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    from: isoDate.optional().describe('上报日期起（含，北京时间）'),
    to: isoDate.optional().describe('上报日期止（含，北京时间）'),
  })
  .refine((q) => !(q.year !== undefined && (q.from || q.to)), { message: 'year 与 from/to 不能同时使用', path: ['year'], params: RELATION })
  .refine((q) => !(q.from && q.to && q.from > q.to), { message: 'from 不能晚于 to', path: ['from'], params: RELATION })
  .meta({ id: 'RapidResponseStatsQuery' });
export type RapidResponseStatsQuery = z.infer<typeof RapidResponseStatsQuery>;

export const EventReportedResponse = z
  .object({ id: z.string(), workflowId: z.string(), status: z.enum(EVENT_STATUSES), location: z.string() })
  .meta({ id: 'EventReported' });

// The live state: contracts/rapid-response.ts EventState, checked against it in ./state.ts.
export { EventStateSchema as EventStateResponse } from './state';

const ClockView = z
  .object({
    stage: z.enum(RESPONSE_STAGES),
    label: z.string().describe('下达指令、人员到场、反馈结果'),
    dueAt: z.string(),
    doneAt: z.string().nullable(),
    outcome: z.enum(['RUNNING', 'ON_TIME', 'LATE', 'BREACHED']),
    timeLeftMs: z.number().nullable().describe('距时限的毫秒数（负数为已超时）；已完成或事件已办结为 null'),
    breach: z
      .object({
        breachedAt: z.string(),
        recordedAt: z.string(),
        escalatedAt: z.string().nullable(),
        escalationChannel: z.string().nullable(),
        escalationFailed: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'EventClock' });

export const EventView = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    status: z.enum(EVENT_STATUSES),
    statusLabel: z.string(),
    category: z.enum(EVENT_CATEGORY_CODES),
    categoryLabel: z.string(),
    village: z.string(),
    location: z.string(),
    description: z.string(),
    evidence: z.array(z.string()),
    reporterId: z.string(),
    reportedAt: z.string(),
    currentStage: z.enum(RESPONSE_STAGES).nullable(),
    clocks: z.array(ClockView).describe('三个时限（“5分钟、30分钟、2小时”，可配置）'),
    instruction: z.string().nullable(),
    departmentCodes: z.array(z.string()),
    responders: z.array(z.object({ officerId: z.string(), departmentCode: z.string().nullable(), checkedInAt: z.string().nullable(), late: z.boolean() })),
    feedbackResult: z.string().nullable(),
    closedAt: z.string().nullable(),
    closingNote: z.string().nullable(),
    link: z.object({ kind: z.enum(CONVERSION_KINDS), inspectionId: z.string().nullable(), caseRef: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'Event' });

export const EventDetailResponse = z
  .object({
    event: EventView,
    // A union, not .nullable(): zod-to-openapi turns a nullable $ref into an allOf that refuses null.
    state: z.union([EventStateSchema, z.null()]),
    history: z.array(z.object({ at: z.string(), action: z.string(), actorName: z.string().nullable(), payload: z.unknown().describe('审计事件的内容，随 action 而异') })),
  })
  .meta({ id: 'EventDetail' });

export const EventListResponse = z
  .object({ items: z.array(EventView), page: z.number(), pageSize: z.number(), total: z.number() })
  .meta({ id: 'EventList' });

export const LiveEventsResponse = z
  .object({
    now: z.string(),
    items: z.array(
      z.object({
        id: z.string(),
        status: z.enum(EVENT_STATUSES),
        statusLabel: z.string(),
        category: z.enum(EVENT_CATEGORY_CODES),
        categoryLabel: z.string(),
        village: z.string(),
        location: z.string(),
        reportedAt: z.string(),
        currentStage: z.enum(RESPONSE_STAGES).nullable(),
        currentStageLabel: z.string().nullable(),
        dueAt: z.string().nullable().describe('当前环节的时限'),
        timeLeftMs: z.number().nullable().describe('距当前时限的毫秒数（负数为已超时）'),
        overdue: z.boolean(),
        breachedStages: z.array(z.enum(RESPONSE_STAGES)),
      }),
    ),
  })
  .meta({ id: 'LiveEvents' });

export const SuggestionsResponse = z
  .object({
    eventId: z.string(),
    category: z.enum(EVENT_CATEGORY_CODES),
    categoryLabel: z.string(),
    departments: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        shortName: z.string(),
        officers: z.array(
          z.object({
            officerId: z.string(),
            name: z.string(),
            certified: z.boolean().describe('持有效执法证'),
            available: z.boolean().describe('空闲：未被指派到尚需到场的事件，且不在进行中的联合检查现场'),
            busyWith: z.array(z.object({ kind: z.enum(['EVENT', 'JOINT_INSPECTION']), id: z.string() })),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'ResponderSuggestions' });

export const ConvertedResponse = z
  .object({ state: EventStateSchema, inspection: z.object({ id: z.string(), location: z.string() }).nullable() })
  .meta({ id: 'EventConverted' });

const count = z.number().int();
/** One stage's clocks: on time, late, breached (past due, not done) and still running. */
const stageTally = {
  stage: z.enum(RESPONSE_STAGES),
  label: z.string(),
  onTime: count,
  late: count,
  breached: count,
  running: count,
  onTimeRate: z.number().nullable().describe('按时率（按时 ÷ 已有结果），0–1；尚无结果时为 null'),
};
const stageGroups = z.array(z.object({ key: z.string(), label: z.string(), stages: z.array(z.object(stageTally)) }));

/** api/services/rapid-response.ts rapidResponseStats with the clocks in force. */
export const RapidResponseStatsResponse = z
  .object({
    period: z.object({ from: dateTime.nullable(), to: dateTime.nullable() }).describe('统计区间 [from, to)；不限时为 null'),
    events: count,
    byStatus: z.partialRecord(z.enum(EVENT_STATUSES), count).describe('各状态的事件数（只列出有事件的状态）'),
    escalations: z.object({ sent: count, failed: count }),
    stages: z.array(
      z.object({
        ...stageTally,
        medianMs: z.number().nullable().describe('自上报起完成该环节的用时中位数（毫秒）'),
        p90Ms: z.number().nullable().describe('第 90 百分位用时（毫秒）'),
      }),
    ),
    byCategory: stageGroups,
    byVillage: stageGroups,
    byDepartment: stageGroups,
    clockPolicy: z.object({ dispatchMs: count, onSiteMs: count, feedbackMs: count }).describe('各环节时限（毫秒，自上报起）'),
  })
  .meta({ id: 'RapidResponseStats' });
agrees<z.output<typeof RapidResponseStatsResponse>, Answer<RapidResponseService['stats']>>();

/** POST /api/events: the key stands for the body's clientKey (same length). */
export const ReportEventHeaders = idempotencyHeaders('客户端生成的唯一键（可选，与 clientKey 同义）：同一网格员用同一键重复提交只产生一个事件', 100);
