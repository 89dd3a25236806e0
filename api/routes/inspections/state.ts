/**
 * The joint-inspection workflow's state (contracts/inspection.ts InspectionState) as the API
 * documents it: every update's answer and the live part of the detail. The TypeScript type
 * stays the source; `agrees` below fails the type check when the two drift apart.
 */
import { z } from 'zod';
import { SEVERITIES } from '../../../domain/catalog';
import { CHECK_OUTCOMES, FINDING_OUTCOMES, INSPECTION_STATUSES, PROPOSED_ACTIONS, REVIEW_DECISIONS } from '../../../domain/inspection';
import { ON_THE_SPOT_PENALTY_KINDS } from '../../../domain/simple-procedure';
import type { InspectionState } from '../../../contracts/inspection';
import { CalendarDeadlineSchema } from '../calendar/schema';

const dateTime = z.string().meta({ format: 'date-time' });
const date = z.string().meta({ format: 'date' });
const actor = z.object({ officerId: z.string(), name: z.string() });

export const CheckInPositionSchema = z
  .object({
    latitude: z.number().describe('纬度（WGS-84 十进制度数）'),
    longitude: z.number().describe('经度（WGS-84 十进制度数）'),
    accuracyMeters: z.number().nullable().describe('手机给出的定位精度（米）'),
  })
  .meta({ id: 'CheckInPosition' });

const CheckResult = z.object({
  itemCode: z.string(),
  outcome: z.enum(CHECK_OUTCOMES),
  measuredValue: z.number().optional(),
  unit: z.string().optional(),
  note: z.string().optional(),
  evidence: z.array(z.string()).optional(),
  proposedAction: z.enum(PROPOSED_ACTIONS).optional(),
});

const PartyAcknowledgement = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('SIGNED'), signerName: z.string(), signedAt: dateTime }),
  z.object({ kind: z.literal('REFUSED'), witnessName: z.string(), note: z.string(), at: dateTime }),
]);

export const InspectionStateSchema = z
  .object({
    inspectionId: z.string(),
    status: z.enum(INSPECTION_STATUSES),
    persisted: z.boolean(),
    scheduledFor: date,
    target: z.object({ id: z.string(), name: z.string(), creditCode: z.string(), address: z.string(), village: z.string() }),
    scenario: z.object({ code: z.string(), name: z.string() }),
    team: z.array(actor.extend({ departmentCode: z.string().nullable(), isLead: z.boolean() })),
    onSite: z.array(
      actor.extend({ departmentCode: z.string().nullable(), certificateNo: z.string().nullable(), certificateExpiresOn: date.nullable() }),
    ),
    checkInAt: dateTime.nullable(),
    checkInPosition: CheckInPositionSchema.nullable().optional().describe('签到位置（WGS-84）；手机未提供时为 null，早于该功能的检查没有此项'),
    submissionDeadlineAt: dateTime.nullable(),
    departments: z.array(
      z.object({
        departmentCode: z.string(),
        departmentName: z.string(),
        itemCodes: z.array(z.string()),
        submitted: z.boolean(),
        submittedAt: dateTime.nullable(),
        submittedBy: actor.nullable(),
        revision: z.number().int(),
        late: z.boolean(),
        overdue: z.boolean(),
        escalatedAt: dateTime.nullable(),
        results: z.array(CheckResult).nullable(),
      }),
    ),
    findings: z.array(
      z.object({
        departmentCode: z.string(),
        itemCode: z.string(),
        itemTitle: z.string(),
        legalBasis: z.string(),
        severity: z.enum(SEVERITIES),
        proposedAction: z.enum(PROPOSED_ACTIONS),
        description: z.string(),
        measuredValue: z.number().optional(),
      }),
    ),
    review: z.object({
      status: z.enum(['NOT_REQUIRED', 'PENDING', 'RETURNED', 'APPROVED']),
      round: z.number().int(),
      departmentsToRevise: z.array(z.string()),
      revisedDepartments: z.array(z.string()),
      history: z.array(z.object({ round: z.number().int(), reviewer: actor, decision: z.enum(REVIEW_DECISIONS), opinion: z.string(), decidedAt: dateTime })),
    }),
    checksDoneAt: dateTime.nullable(),
    resolutions: z.array(
      z.object({ itemCode: z.string(), outcome: z.enum(FINDING_OUTCOMES), ref: z.string().nullable(), note: z.string(), actor: actor.nullable(), at: dateTime }),
    ),
    followUpSince: dateTime.nullable(),
    recheckOf: z.array(z.object({ findingId: z.string(), inspectionId: z.string(), departmentCode: z.string(), itemCode: z.string() })),
    closedAt: dateTime.nullable(),
    cancelledAt: dateTime.nullable(),
    cancelReason: z.string().nullable(),
    onTheSpotPenalties: z
      .array(
        z.object({
          penaltyId: z.string(),
          itemCode: z.string(),
          departmentCode: z.string(),
          officer: z.object({ officerId: z.string(), name: z.string(), certificateNo: z.string(), certificateExpiresOn: date }),
          partyKind: z.enum(['NATURAL_PERSON', 'ORGANISATION']),
          kind: z.enum(ON_THE_SPOT_PENALTY_KINDS),
          fineAmount: z.number().nullable(),
          facts: z.string(),
          legalBasis: z.string(),
          place: z.string(),
          decidedAt: dateTime,
          filingDueOn: date,
          filingDueBasis: CalendarDeadlineSchema,
          acknowledgement: PartyAcknowledgement.nullable(),
          filedAt: dateTime.nullable(),
          filedBy: actor.nullable(),
          filingOverdue: z.boolean(),
          filingOverdueAt: dateTime.nullable(),
        }),
      )
      .optional()
      .describe('当场处罚（简易程序）；早于该功能的检查没有此项'),
    reviewClock: z
      .object({
        round: z.number().int(),
        dueDate: date,
        basis: CalendarDeadlineSchema,
        extended: z.boolean(),
        extensionReason: z.string().nullable(),
        overdue: z.boolean(),
        overdueAt: dateTime.nullable(),
      })
      .nullable()
      .optional()
      .describe('法制审核期限；没有待审核的轮次时为 null，早于该功能的检查没有此项'),
  })
  .describe('联合检查流程的当前状态')
  .meta({ id: 'InspectionState' });

/** Both ways: the schema admits every InspectionState and describes nothing else. */
type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agrees: Agrees<z.output<typeof InspectionStateSchema>, InspectionState> = true;
void agrees;
