import { z } from 'zod';
import { nonBlank } from '../text';
import { DISPUTE_KINDS, DISPUTE_OUTCOMES, DISPUTE_SOURCES } from '../../../domain/rule-of-law';
import { isoDate } from '../inspections/schema';
import type { DisputeService } from '../../services/rule-of-law';
import { agrees, dateTime, day, type Answer } from '../answers';

const id = z.string().min(1).max(64);
const text = (max: number) => nonBlank(1, max);

const PartyRole = z.enum(['APPLICANT', 'RESPONDENT', 'OTHER']);

export const DisputeIdParams = z.strictObject({ id }).meta({ id: 'DisputeIdParams' });

export const DisputeParty = z.strictObject({
  name: text(50),
  role: PartyRole,
  phone: z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '电话号码格式不正确').optional(),
  idNumber: z.string().trim().regex(/^\d{17}[\dXx]$/, '身份证号码须为18位').optional(),
});

export const CreateDisputeBody = z
  .strictObject({
    source: z.enum(DISPUTE_SOURCES).describe('VILLAGER 群众申请、COURT 诉调、POLICE 警调、PETITION 访调、GRID_EVENT 网格事件'),
    gridEventId: id.optional().describe('来源为网格事件时：“532”事件编号'),
    kind: z.enum(DISPUTE_KINDS),
    summary: text(5000).describe('纠纷简要情况'),
    village: z.string().trim().max(50).optional(),
    major: z.boolean().default(false).describe('重大疑难纠纷（包括群体性事件）'),
    mediatorName: text(50).describe('调解员'),
    receivedOn: isoDate.describe('受理日期'),
    parties: z.array(DisputeParty).min(1).max(50),
    townshipId: id.optional(),
  })
  .meta({ id: 'CreateDispute' });
export type CreateDisputeBody = z.infer<typeof CreateDisputeBody>;

export const ListDisputesQuery = z
  .strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional(), status: z.enum(['OPEN', ...DISPUTE_OUTCOMES]).optional() })
  .meta({ id: 'ListDisputesQuery' });
export type ListDisputesQuery = z.infer<typeof ListDisputesQuery>;

export const DisputeOutcomeBody = z
  .strictObject({
    outcome: z.enum(DISPUTE_OUTCOMES).describe('AGREED_WRITTEN 书面协议、AGREED_ORAL 口头协议、FAILED_REFERRED 调解不成已引导或移送'),
    note: z.string().trim().max(5000).default('').describe('协议内容或调解情况'),
    referredTo: z.string().trim().max(200).optional().describe('调解不成时的去向'),
    resolvedOn: isoDate,
  })
  .meta({ id: 'DisputeOutcome' });
export type DisputeOutcomeBody = z.infer<typeof DisputeOutcomeBody>;

export const MediationTargetBody = z
  .strictObject({ year: z.number().int().min(2000).max(2100), target: z.number().int().min(0).max(100000), townshipId: id.optional() })
  .meta({ id: 'MediationTarget' });
export type MediationTargetBody = z.infer<typeof MediationTargetBody>;

const disputeFields = {
  id: z.string(),
  townshipId: z.string(),
  source: z.enum(DISPUTE_SOURCES),
  kind: z.enum(DISPUTE_KINDS),
  summary: z.string(),
  village: z.string().nullable(),
  major: z.boolean(),
  mediatorName: z.string(),
  gridEventId: z.string().nullable().describe('由“532”事件转入时的事件'),
  receivedOn: day,
  status: z.enum(['OPEN', ...DISPUTE_OUTCOMES]).describe('OPEN 调解中，其余为调解结果'),
  outcomeNote: z.string().nullable(),
  referredTo: z.string().nullable(),
  resolvedOn: day.nullable(),
  recordedById: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
};

/** The detail (api/services/rule-of-law.ts): parties' phone and ID numbers only for the roles entitled to them. */
export const DisputeResponse = z
  .object({
    ...disputeFields,
    personalDataShown: z.boolean().describe('是否显示当事人的电话和身份证号（协调员、领导）'),
    parties: z.array(
      z.object({
        name: z.string(),
        role: PartyRole,
        phone: z.string().nullable().optional().describe('仅 personalDataShown 时给出'),
        idNumber: z.string().nullable().optional().describe('仅 personalDataShown 时给出'),
      }),
    ),
  })
  .meta({ id: 'Dispute' });
agrees<z.output<typeof DisputeResponse>, Answer<DisputeService['get']>>();
agrees<z.output<typeof DisputeResponse>, Answer<DisputeService['create']>>();
agrees<z.output<typeof DisputeResponse>, Answer<DisputeService['outcome']>>();

/** The register's rows: the parties' names and roles only. */
export const DisputeListItem = z
  .object({ ...disputeFields, parties: z.array(z.object({ name: z.string(), role: PartyRole })) })
  .meta({ id: 'DisputeListItem' });
export const DisputeListResponse = z.object({ items: z.array(DisputeListItem) }).meta({ id: 'DisputeList' });
agrees<z.output<typeof DisputeListResponse>, Answer<DisputeService['list']>>();
export const MediationTargetResponse = z.object({ townshipId: z.string(), year: z.number(), target: z.number() }).meta({ id: 'MediationTargetSet' });
