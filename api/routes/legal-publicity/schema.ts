import { z } from 'zod';
import { nonBlank } from '../text';
import { ASSESSMENT_RESULTS, LIAISON_RECORD_KINDS, PUBLICITY_KINDS, STUDY_SESSION_KINDS } from '../../../domain/rule-of-law';
import { isoDate } from '../inspections/schema';

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

export const RegisterRowResponse = z.record(z.string(), z.unknown()).meta({ id: 'RegisterRow' });
export const RegisterListResponse = z.object({ items: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'RegisterList' });
