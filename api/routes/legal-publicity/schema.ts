import { z } from 'zod';
import { nonBlank } from '../text';
import { ASSESSMENT_RESULTS, LIAISON_RECORD_KINDS, PUBLICITY_KINDS, STUDY_SESSION_KINDS } from '../../../domain/rule-of-law';
import { isoDate } from '../inspections/schema';
import type { LegalPublicityService } from '../../services/legal-publicity';
import { agrees, dateTime, day, type Answer } from '../answers';

const id = z.string().min(1).max(64);
const text = (max: number) => nonBlank(1, max);
const count = z.number().int().min(0).max(1_000_000);

export const LegalLiaisonIdParams = z.strictObject({ id }).meta({ id: 'LegalLiaisonIdParams' });
export const YearQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }).meta({ id: 'RegisterYearQuery' });
export type YearQuery = z.infer<typeof YearQuery>;

export const PublicityActivityBody = z
  .strictObject({
    kind: z.enum(PUBLICITY_KINDS),
    title: text(200),
    heldOn: isoDate,
    place: text(200),
    audience: count.default(0).describe('受众人次'),
    materials: count.default(0).describe('发放宣传资料（份）'),
    departmentCode: z.string().trim().max(32).optional().describe('谁执法谁普法：负责的执法部门代码'),
    townshipId: id.optional(),
  })
  .meta({ id: 'PublicityActivity' });
export type PublicityActivityBody = z.infer<typeof PublicityActivityBody>;

export const LegalLiaisonBody = z
  .strictObject({
    name: text(50),
    village: text(50),
    phone: z.string().trim().regex(/^1\d{10}$/, '手机号码须为11位').optional(),
    registeredOn: isoDate,
    townshipId: id.optional(),
  })
  .meta({ id: 'LegalLiaison' });
export type LegalLiaisonBody = z.infer<typeof LegalLiaisonBody>;

export const LiaisonRecordBody = z
  .strictObject({
    kind: z.enum(LIAISON_RECORD_KINDS).describe('TRAINING 培训、ASSESSMENT 年度考核'),
    on: isoDate,
    hours: z.number().min(0).max(1000).optional(),
    result: z.enum(ASSESSMENT_RESULTS).optional(),
    note: z.string().max(2000).default(''),
  })
  .meta({ id: 'LegalLiaisonRecord' });
export type LiaisonRecordBody = z.infer<typeof LiaisonRecordBody>;

export const StudySessionBody = z
  .strictObject({ kind: z.enum(STUDY_SESSION_KINDS), topic: text(200), heldOn: isoDate, attendees: count.default(0), townshipId: id.optional() })
  .meta({ id: 'StudySession' });
export type StudySessionBody = z.infer<typeof StudySessionBody>;

export const InspectionIdParams = z.strictObject({ id }).meta({ id: 'LawExplainedInspectionIdParams' });
export const VisitLawExplanationBody = z
  .strictObject({
    departmentCode: z.string().trim().min(1).max(32).describe('释法说理的执法部门代码（须参加本次联合检查）'),
    lawExplained: text(2000).describe('向检查对象讲解的法律法规及要求，如：《食品安全法》第三十三条 食品生产经营场所的卫生要求'),
  })
  .meta({ id: 'VisitLawExplanation' });
export type VisitLawExplanationBody = z.infer<typeof VisitLawExplanationBody>;

// The registers' rows as api/services/legal-publicity.ts answers them; `agrees` checks each against it.
type Service = LegalPublicityService;

export const PublicityActivityRow = z
  .object({
    id: z.string(),
    townshipId: z.string(),
    kind: z.enum(PUBLICITY_KINDS),
    title: z.string(),
    heldOn: day,
    place: z.string(),
    audience: z.number().int().describe('受众人次'),
    materials: z.number().int().describe('发放宣传资料（份）'),
    departmentCode: z.string().nullable(),
    recordedById: z.string(),
    createdAt: dateTime,
  })
  .meta({ id: 'PublicityActivityRow' });
export const PublicityActivityList = z.object({ items: z.array(PublicityActivityRow) }).meta({ id: 'PublicityActivityList' });
agrees<z.output<typeof PublicityActivityRow>, Answer<Service['addActivity']>>();
agrees<z.output<typeof PublicityActivityList>, Answer<Service['activities']>>();

export const LawExplanationRow = z
  .object({
    id: z.string(),
    inspectionId: z.string(),
    townshipId: z.string().nullable(),
    departmentCode: z.string(),
    lawExplained: z.string(),
    visitedOn: day.describe('检查（签到）日期'),
    recordedById: z.string(),
    createdAt: dateTime,
  })
  .meta({ id: 'LawExplanationRow' });
export const LawExplanationList = z.object({ items: z.array(LawExplanationRow) }).meta({ id: 'LawExplanationList' });
agrees<z.output<typeof LawExplanationRow>, Answer<Service['recordLawExplained']>>();
agrees<z.output<typeof LawExplanationList>, Answer<Service['lawExplainedVisits']>>();

const liaisonFields = { id: z.string(), townshipId: z.string(), name: z.string(), village: z.string(), registeredOn: day, active: z.boolean(), createdAt: dateTime };
/** The detail: the liaison's trainings and assessments; the phone only for coordinators and leaders. */
export const LegalLiaisonDetail = z
  .object({
    ...liaisonFields,
    phone: z.string().nullable().optional().describe('仅协调员和领导可见'),
    records: z.array(
      z.object({
        id: z.string(),
        liaisonId: z.string(),
        kind: z.enum(LIAISON_RECORD_KINDS),
        on: day,
        hours: z.number().nullable(),
        result: z.enum(ASSESSMENT_RESULTS).nullable().describe('考核结果（ASSESSMENT）'),
        note: z.string(),
        createdAt: dateTime,
      }),
    ),
  })
  .meta({ id: 'LegalLiaisonDetail' });
agrees<z.output<typeof LegalLiaisonDetail>, Answer<Service['liaison']>>();
agrees<z.output<typeof LegalLiaisonDetail>, Answer<Service['addLiaison']>>();
agrees<z.output<typeof LegalLiaisonDetail>, Answer<Service['addLiaisonRecord']>>();
/** The roll: no phone numbers; the count of trainings and the latest assessment. */
export const LegalLiaisonList = z
  .object({
    items: z.array(
      z.object({ ...liaisonFields, trainings: z.number().int(), lastAssessment: z.enum(ASSESSMENT_RESULTS).nullable().describe('最近一次年度考核结果') }),
    ),
  })
  .meta({ id: 'LegalLiaisonList' });
agrees<z.output<typeof LegalLiaisonList>, Answer<Service['liaisons']>>();

export const StudySessionRow = z
  .object({
    id: z.string(),
    townshipId: z.string(),
    kind: z.enum(STUDY_SESSION_KINDS),
    topic: z.string(),
    heldOn: day,
    attendees: z.number().int(),
    recordedById: z.string(),
    createdAt: dateTime,
  })
  .meta({ id: 'StudySessionRow' });
export const StudySessionList = z.object({ items: z.array(StudySessionRow) }).meta({ id: 'StudySessionList' });
agrees<z.output<typeof StudySessionRow>, Answer<Service['addStudySession']>>();
agrees<z.output<typeof StudySessionList>, Answer<Service['studySessions']>>();
