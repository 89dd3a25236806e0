/**
 * The registers of 普法 (publicity activities, 谁执法谁普法), 法律明白人 (village legal liaisons,
 * their trainings and yearly assessments) and officials' study sessions: plain registers,
 * township-scoped, each write one transaction with its audit event. Their counts by kind feed
 * the annual report (api/services/rule-of-law.ts ruleOfLawFigures).
 */
import { randomUUID } from 'node:crypto';
import { ownTownshipWithin, type AuthenticatedOfficer, type PrismaClient } from '../../db';
import { validateLiaisonRecord } from '../../domain/rule-of-law';
import type { RuleCode } from '../../domain/rules';
import { AppError } from '../errors';
import { hasRole, isDepartmentBound } from '../policies';
import type { LegalLiaisonBody, LiaisonRecordBody, PublicityActivityBody, StudySessionBody, VisitLawExplanationBody, YearQuery } from '../routes/legal-publicity/schema';
import { chinaDate } from '../../domain/dates';
import { audited, notInFuture, townshipOf } from './rule-of-law';

type Actor = AuthenticatedOfficer;

export function createLegalPublicityService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  const year = (query: YearQuery, field: string) => (query.year ? { [field]: { startsWith: `${query.year}-` } } : {});
  const liaisonNotFound = (id: string) => new AppError('LEGAL_LIAISON_NOT_FOUND', `法律明白人 ${id} 不存在`);

  return {
    async addActivity(options: { actor: Actor; body: PublicityActivityBody }) {
      const { actor, body } = options;
      const { townshipId: requested, ...fields } = body;
      notInFuture(fields.heldOn, 'heldOn', '活动日期');
      const townshipId = await townshipOf(prisma, actor, requested);
      const id = randomUUID();
      await audited(prisma, actor, 'PUBLICITY_ACTIVITY_RECORDED', 'PublicityActivity', id, fields, async (tx) => {
        await tx.publicityActivity.create({ data: { id, townshipId, ...fields, departmentCode: fields.departmentCode ?? null, recordedById: actor.officerId, createdAt: new Date() } });
      });
      return prisma.publicityActivity.findUniqueOrThrow({ where: { id } });
    },
    async activities(options: { actor: Actor; query: YearQuery }) {
      return { items: await prisma.publicityActivity.findMany({ where: { ...ownTownshipWithin(options.actor.townships), ...year(options.query, 'heldOn') }, orderBy: { heldOn: 'desc' }, take: 2000 }) };
    },

    /**
     * 谁执法谁普法: a department that took part in a visit records the law it explained there. Only
     * after check-in (the visit happened); once per department and visit, counted by the visit's date.
     */
    async recordLawExplained(options: { actor: Actor; inspectionId: string; body: VisitLawExplanationBody }) {
      const { actor, inspectionId, body } = options;
      const inspection = await prisma.jointInspection.findUnique({
        where: { id: inspectionId },
        select: { checkInAt: true, status: true, target: { select: { townshipId: true } }, checks: { select: { department: { select: { code: true } } } } },
      });
      if (!inspection) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${inspectionId} 不存在`);
      if (!inspection.checkInAt || inspection.status === 'CANCELLED') throw new AppError('INVALID_STATE', '检查组尚未进场签到，不能记录释法说理');
      if (!inspection.checks.some((c) => c.department.code === body.departmentCode)) {
        throw new AppError('UNKNOWN_REFERENCE', `部门 ${body.departmentCode} 未参加本次联合检查`, [{ code: 'UNKNOWN_REFERENCE', path: 'departmentCode', message: '该部门未参加本次检查' }]);
      }
      if (isDepartmentBound(actor) && actor.departmentCode !== body.departmentCode) throw new AppError('FORBIDDEN_DEPARTMENT', '只能记录本部门的释法说理');
      const id = randomUUID();
      const visitedOn = chinaDate(inspection.checkInAt.toISOString());
      try {
        await audited(prisma, actor, 'VISIT_LAW_EXPLAINED', 'JointInspection', inspectionId, { ...body, visitedOn }, async (tx) => {
          await tx.visitLawExplanation.create({
            data: { id, inspectionId, townshipId: inspection.target.townshipId, departmentCode: body.departmentCode, lawExplained: body.lawExplained, visitedOn, recordedById: actor.officerId, createdAt: new Date() },
          });
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') throw new AppError('LAW_EXPLANATION_EXISTS', '本部门在本次检查中的释法说理已记录');
        throw error;
      }
      return prisma.visitLawExplanation.findUniqueOrThrow({ where: { id } });
    },
    async lawExplainedVisits(options: { actor: Actor; query: YearQuery }) {
      return { items: await prisma.visitLawExplanation.findMany({ where: { ...ownTownshipWithin(options.actor.townships), ...year(options.query, 'visitedOn') }, orderBy: { visitedOn: 'desc' }, take: 2000 }) };
    },

    async addLiaison(options: { actor: Actor; body: LegalLiaisonBody }) {
      const { actor, body } = options;
      const { townshipId: requested, ...fields } = body;
      const townshipId = await townshipOf(prisma, actor, requested);
      const id = randomUUID();
      await audited(prisma, actor, 'LEGAL_LIAISON_REGISTERED', 'LegalLiaison', id, { name: fields.name, village: fields.village }, async (tx) => {
        await tx.legalLiaison.create({ data: { id, townshipId, ...fields, phone: fields.phone ?? null, createdAt: new Date() } });
      });
      return this.liaison({ actor, id });
    },
    /** The list: names, villages and record counts; phone numbers only in the detail. */
    async liaisons(options: { actor: Actor }) {
      const rows = await prisma.legalLiaison.findMany({ where: ownTownshipWithin(options.actor.townships), include: { records: true }, orderBy: [{ village: 'asc' }, { name: 'asc' }], take: 2000 });
      return {
        items: rows.map(({ phone: _phone, records, ...row }) => ({
          ...row,
          trainings: records.filter((r) => r.kind === 'TRAINING').length,
          lastAssessment: records.filter((r) => r.kind === 'ASSESSMENT').sort((a, b) => b.on.localeCompare(a.on))[0]?.result ?? null,
        })),
      };
    },
    async liaison(options: { actor: Actor; id: string }) {
      const row = await prisma.legalLiaison.findUnique({ where: { id: options.id }, include: { records: { orderBy: { on: 'asc' } } } });
      if (!row) throw liaisonNotFound(options.id);
      return hasRole(options.actor, 'COORDINATOR', 'LEADER') ? row : { ...row, phone: undefined };
    },
    async addLiaisonRecord(options: { actor: Actor; id: string; body: LiaisonRecordBody }) {
      const { actor, id, body } = options;
      if (!(await prisma.legalLiaison.findUnique({ where: { id }, select: { id: true } }))) throw liaisonNotFound(id);
      notInFuture(body.on, 'on', body.kind === 'TRAINING' ? '培训日期' : '考核日期');
      const violations = validateLiaisonRecord({ kind: body.kind, result: body.result ?? null });
      if (violations.length) throw new AppError(violations[0].code as RuleCode, violations[0].message, violations);
      await audited(prisma, actor, `LEGAL_LIAISON_${body.kind}`, 'LegalLiaison', id, body, async (tx) => {
        await tx.legalLiaisonRecord.create({ data: { liaisonId: id, kind: body.kind, on: body.on, hours: body.hours ?? null, result: body.result ?? null, note: body.note, createdAt: new Date() } });
      });
      return this.liaison({ actor, id });
    },

    async addStudySession(options: { actor: Actor; body: StudySessionBody }) {
      const { actor, body } = options;
      const { townshipId: requested, ...fields } = body;
      notInFuture(fields.heldOn, 'heldOn', '学习日期');
      const townshipId = await townshipOf(prisma, actor, requested);
      const id = randomUUID();
      await audited(prisma, actor, 'STUDY_SESSION_RECORDED', 'StudySession', id, fields, async (tx) => {
        await tx.studySession.create({ data: { id, townshipId, ...fields, recordedById: actor.officerId, createdAt: new Date() } });
      });
      return prisma.studySession.findUniqueOrThrow({ where: { id } });
    },
    async studySessions(options: { actor: Actor; query: YearQuery }) {
      return { items: await prisma.studySession.findMany({ where: { ...ownTownshipWithin(options.actor.townships), ...year(options.query, 'heldOn') }, orderBy: { heldOn: 'desc' }, take: 2000 }) };
    },
  };
}

export type LegalPublicityService = ReturnType<typeof createLegalPublicityService>;
