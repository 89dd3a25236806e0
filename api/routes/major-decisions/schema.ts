import { z } from 'zod';
import { nonBlank } from '../text';
import { LEGAL_CONCLUSIONS, MAJOR_DECISION_KINDS } from '../../../domain/rule-of-law';
import { isoDate } from '../inspections/schema';
import type { MajorDecisionService } from '../../services/rule-of-law';
import { agrees, dateTime, day, type Answer } from '../answers';

const id = z.string().min(1).max(64);
const text = (max: number) => nonBlank(1, max);
const count = z.number().int().min(0).max(1000);

export const MajorDecisionIdParams = z.strictObject({ id }).meta({ id: 'MajorDecisionIdParams' });

export const CreateMajorDecisionBody = z
  .strictObject({
    kind: z.enum(MAJOR_DECISION_KINDS).describe('MAJOR_MATTER 重大事项、APPOINTMENT 重要干部任免、PROJECT 重大项目、LARGE_FUNDS 大额资金'),
    title: text(200).describe('决策事项'),
    amount: z.number().nonnegative().max(1e12).optional().describe('金额（元），项目和资金类必填才能判断是否达到标准'),
    townshipId: id.optional(),
  })
  .meta({ id: 'CreateMajorDecision' });
export type CreateMajorDecisionBody = z.infer<typeof CreateMajorDecisionBody>;

export const LegalOpinionBody = z
  .strictObject({ conclusion: z.enum(LEGAL_CONCLUSIONS).describe('LAWFUL 合法、LAWFUL_WITH_CHANGES 修改后合法、UNLAWFUL 不合法'), opinion: text(5000) })
  .meta({ id: 'MajorDecisionLegalOpinion' });
export type LegalOpinionBody = z.infer<typeof LegalOpinionBody>;

export const MeetingBody = z
  .strictObject({
    meetingKind: text(50).describe('会议类型，如 党委会、班子会'),
    meetingDate: isoDate,
    membersTotal: z.number().int().min(1).max(1000).describe('应到人数'),
    attendees: z.array(text(50)).min(1).max(1000).describe('出席人员'),
    votesFor: count,
    votesAgainst: count,
    votesAbstain: count,
    minutes: text(20000).describe('会议纪要'),
  })
  .meta({ id: 'MajorDecisionMeeting' });
export type MeetingBody = z.infer<typeof MeetingBody>;

export const TakeDecisionBody = z.strictObject({ decisionText: text(5000) }).meta({ id: 'MajorDecisionTaken' });
export type TakeDecisionBody = z.infer<typeof TakeDecisionBody>;

/** A decision of the register (api/services/rule-of-law.ts view): the row with its attendees as a list. */
export const MajorDecisionResponse = z
  .object({
    id: z.string(),
    townshipId: z.string(),
    kind: z.enum(MAJOR_DECISION_KINDS),
    title: z.string(),
    amount: z.number().nullable().describe('金额（元），项目和大额资金'),
    subjectToRule: z.boolean().describe('按登记时的标准，是否属于重大决策程序的范围'),
    status: z.enum(['PROPOSED', 'TAKEN']),
    proposedById: z.string(),
    proposedAt: dateTime,
    legalReviewerId: z.string().nullable(),
    legalConclusion: z.enum(LEGAL_CONCLUSIONS).nullable(),
    legalOpinion: z.string().nullable(),
    legalReviewedAt: dateTime.nullable(),
    meetingKind: z.string().nullable().describe('会议类型，如 党委会、班子会'),
    meetingDate: day.nullable(),
    membersTotal: z.number().int().nullable(),
    attendees: z.array(z.string()).nullable().describe('出席人员；未记录会议时为 null'),
    votesFor: z.number().int().nullable(),
    votesAgainst: z.number().int().nullable(),
    votesAbstain: z.number().int().nullable(),
    minutes: z.string().nullable(),
    meetingRecordedAt: dateTime.nullable(),
    decisionText: z.string().nullable(),
    takenById: z.string().nullable(),
    takenAt: dateTime.nullable(),
    updatedAt: dateTime,
    caseId: z.string().nullable().describe('重大行政处罚案件的集体讨论（CASE_PENALTY）所属案件'),
  })
  .meta({ id: 'MajorDecision' });
agrees<z.output<typeof MajorDecisionResponse>, Answer<MajorDecisionService['get']>>();
agrees<z.output<typeof MajorDecisionResponse>, Answer<MajorDecisionService['create']>>();
agrees<z.output<typeof MajorDecisionResponse>, Answer<MajorDecisionService['legalOpinion']>>();
agrees<z.output<typeof MajorDecisionResponse>, Answer<MajorDecisionService['meeting']>>();
agrees<z.output<typeof MajorDecisionResponse>, Answer<MajorDecisionService['take']>>();
export const MajorDecisionListResponse = z.object({ items: z.array(MajorDecisionResponse) }).meta({ id: 'MajorDecisionList' });
agrees<z.output<typeof MajorDecisionListResponse>, Answer<MajorDecisionService['list']>>();
