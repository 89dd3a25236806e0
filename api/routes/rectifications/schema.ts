import { z } from 'zod';
import { nonBlank } from '../text';
import { ESCALATION_KINDS, RECHECK_RESULTS, RECTIFICATION_STATUSES } from '../../../domain/rectification';
import type { RectificationState } from '../../../contracts/rectification';
import type { RectificationService } from '../../services/rectifications';
import { actorRef, agrees, dateTime, day, type Answer } from '../answers';
import { CalendarDeadlineSchema } from '../calendar/schema';

const id = z.string().min(1).max(64);
const text = (max: number) => nonBlank(1, max);
const workingDays = z.number().int().min(1).max(365);

export const FindingIdParams = z.strictObject({ id }).meta({ id: 'RectificationFindingIdParams' });
export const RectificationParams = z.strictObject({ findingId: id }).meta({ id: 'RectificationParams' });

export const OrderRectificationBody = z
  .strictObject({
    requirement: text(2000).describe('整改要求：应当改正的具体内容'),
    workingDays: workingDays.optional().describe('整改期限（工作日），缺省为 10 个工作日'),
  })
  .meta({ id: 'OrderRectification' });
export type OrderRectificationBody = z.infer<typeof OrderRectificationBody>;

export const ExtendRectificationBody = z
  .strictObject({
    reason: text(1000).describe('延期理由'),
    workingDays: workingDays.optional().describe('延长的工作日数，缺省为 5 个工作日'),
  })
  .meta({ id: 'ExtendRectification' });
export type ExtendRectificationBody = z.infer<typeof ExtendRectificationBody>;

export const RecheckResultBody = z
  .strictObject({
    result: z.enum(RECHECK_RESULTS).describe('PASSED：复查合格；FAILED：复查不合格'),
    inspectionId: id.describe('完成复查的联合检查 ID'),
    note: z.string().trim().max(2000).describe('复查情况'),
    escalation: z.enum(ESCALATION_KINDS).optional().describe('不合格时的后续处理：SECOND_ORDER 再次责令改正；CASE 移送立案'),
  })
  .meta({ id: 'RecheckResult' });
export type RecheckResultBody = z.infer<typeof RecheckResultBody>;

// A union, not .nullable(): zod-to-openapi turns a nullable $ref into an allOf that refuses null.
const deadlineBasis = z.union([CalendarDeadlineSchema, z.null()]);

/** The rectification workflow's state (contracts/rectification.ts RectificationState): the detail and every step's answer. */
export const RectificationStateResponse = z
  .object({
    findingId: z.string(),
    status: z.enum(RECTIFICATION_STATUSES),
    persisted: z.boolean(),
    requirement: z.string().describe('整改要求'),
    orderedOn: day,
    deadline: day.describe('整改期限（随延期变化）'),
    deadlineBasis: deadlineBasis.optional().describe('当前期限的计算依据；早于该功能的责令没有此项'),
    extensions: z.array(
      z.object({
        reason: z.string(),
        workingDays: z.number().int(),
        previousDeadline: day,
        newDeadline: day,
        at: dateTime,
        basis: CalendarDeadlineSchema.optional(),
      }),
    ),
    dueAt: dateTime.nullable().describe('整改期限届满的时刻'),
    recheckInspectionId: z.string().nullable(),
    recheckPlannedVisitId: z.string().nullable().optional().describe('复查并入的场景清单计划走访'),
    recheck: z.object({ result: z.enum(RECHECK_RESULTS), inspectionId: z.string(), note: z.string(), recordedBy: actorRef, at: dateTime }).nullable(),
    escalation: z.object({ kind: z.enum(ESCALATION_KINDS), at: dateTime }).nullable(),
    followUpOrderFindingId: z.string().nullable().optional().describe('再次责令改正时，复查检查中该事项的新责令'),
  })
  .meta({ id: 'RectificationState' });
agrees<z.output<typeof RectificationStateResponse>, RectificationState>();
agrees<z.output<typeof RectificationStateResponse>, Answer<RectificationService['get']>>();
agrees<z.output<typeof RectificationStateResponse>, Answer<RectificationService['extend']>>();
agrees<z.output<typeof RectificationStateResponse>, Answer<RectificationService['recheckResult']>>();
export const OrderedResponse = z
  .object({ findingId: z.string(), workflowId: z.string(), deadline: z.string(), deadlineBasis: CalendarDeadlineSchema, location: z.string() })
  .meta({ id: 'RectificationOrdered' });
export const NoPenaltySuggestionResponse = z
  .object({ findingId: z.string(), suggested: z.boolean(), legalBasis: z.string(), reasons: z.array(z.string()), note: z.string() })
  .meta({ id: 'NoPenaltySuggestion' });

export const NoPenaltyBody = z
  .strictObject({
    outcome: z.literal('NO_PENALTY').describe('NO_PENALTY：首违不罚（《行政处罚法》第三十三条第一款）'),
    correction: z.string().trim().min(1, '须写明当事人及时改正的情况').max(2000).describe('当事人及时改正的情况（如：已当场整改，冷藏柜已分区存放）'),
  })
  .meta({ id: 'NoPenaltyDisposition' });
export type NoPenaltyBody = z.infer<typeof NoPenaltyBody>;

export const DispositionResponse = z
  .object({ findingId: z.string(), outcome: z.literal('NO_PENALTY'), inspectionStatus: z.string() })
  .meta({ id: 'DispositionRecorded' });
