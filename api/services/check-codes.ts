/**
 * 检查码 (亮码检查): the team gets the visit's code (a URL with a signed, expiring token and its QR
 * image); the business scans it without logging in and sees the registered visit — the
 * departments, the listed items with their legal basis, the officers' names and 执法证 numbers
 * (nothing else of them), the date — and after the visit its results, documents and rating.
 * A forged, expired or cancelled code is said so plainly, with where to report an unregistered
 * inspection. A scan records the check-in time, once per visit and China day, with its audit
 * event (writeOnce, key check-code-scan:<inspection>:<day>).
 */
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { readCheckCode, signCheckCode, writeOnce, type PrismaClient } from '../../db';
import { CHECK_CODE_MESSAGES, checkCodeExpiry, DEFAULT_CHECK_CODE_MARGIN_MS, DEFAULT_UNREGISTERED_REPORT_HINT, publicOfficer, visitCarriedOut } from '../../domain/check-code';
import { chinaDate, dateOfColumn } from '../../domain/dates';
import { DOCUMENT_TITLES, OUTCOME_LABELS } from '../../domain/documents';
import { INSPECTION_STATUS_LABELS, type CheckOutcome, type InspectionStatus } from '../../domain/inspection';
import type { DocumentKind } from '../../domain/documents';
import { AppError } from '../errors';
import type { RatingService } from './ratings';

export interface CheckCodeSettings {
  /**
   * HMAC key of the tokens (CHECK_CODE_SECRET, ≥ 32 characters). Undefined: the development key
   * (development and tests); null: not configured in production — the codes answer 503.
   */
  secret?: string | null;
  /** CHECK_CODE_MARGIN: how long after the end of the visit's day a code still opens it. */
  marginMs?: number;
  /** CHECK_CODE_BASE_URL: the address the QR points to (the request's own origin when absent). */
  publicBaseUrl?: string;
  /** CHECK_CODE_REPORT_HINT: where to report an unregistered inspection. */
  reportHint?: string;
}

/** Only for development and tests: production refuses to start without CHECK_CODE_SECRET (scripts/config.ts). */
export const DEVELOPMENT_CHECK_CODE_SECRET = 'onevisit-development-check-code-secret-never-in-production';

/** Who issued a rating link asked for through the 检查码 page (RatingInvitation.createdById). */
export const RATING_LINK_BY_CHECK_CODE = 'CHECK_CODE';

export function createCheckCodeService(deps: { prisma: PrismaClient; ratings: RatingService; settings?: CheckCodeSettings }) {
  const { prisma } = deps;
  const configured = deps.settings?.secret === undefined ? DEVELOPMENT_CHECK_CODE_SECRET : deps.settings.secret;
  const key = (): string => {
    if (configured === null) throw new AppError('SERVICE_UNAVAILABLE', '检查码未启用：系统管理员须配置 CHECK_CODE_SECRET');
    return configured;
  };
  const marginMs = deps.settings?.marginMs ?? DEFAULT_CHECK_CODE_MARGIN_MS;
  const reportHint = deps.settings?.reportHint ?? DEFAULT_UNREGISTERED_REPORT_HINT;
  const notRegistered = () => new AppError('CHECK_CODE_NOT_REGISTERED', CHECK_CODE_MESSAGES.notRegistered(reportHint));

  return {
    /** The code the officers show: URL, token, expiry and the QR as PNG and SVG data URLs. */
    async teamCode({ inspectionId, origin, now = new Date() }: { inspectionId: string; origin: string; now?: Date }) {
      const inspection = await prisma.jointInspection.findUnique({
        where: { id: inspectionId },
        select: { status: true, scheduledFor: true, checkCodeScans: { orderBy: { scannedAt: 'asc' }, select: { day: true, scannedAt: true } } },
      });
      if (!inspection) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${inspectionId} 不存在`);
      if (inspection.status === 'CANCELLED') throw new AppError('CHECK_CODE_NOT_AVAILABLE', '该联合检查已取消，没有检查码');
      const visitDate = dateOfColumn(inspection.scheduledFor);
      const expiresAt = checkCodeExpiry(visitDate, marginMs);
      const token = signCheckCode(key(), inspectionId, expiresAt);
      const url = `${(deps.settings?.publicBaseUrl ?? origin).replace(/\/+$/, '')}/check/${token}`;
      // M: a phone screen photographed in a dim doorway still reads.
      const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
      const [png, svg] = await Promise.all([QRCode.toDataURL(url, { ...options, width: 320 }), QRCode.toString(url, { ...options, type: 'svg' })]);
      return {
        url,
        token,
        visitDate,
        expiresAt: expiresAt.toISOString(),
        expired: expiresAt.getTime() <= now.getTime(),
        qr: { png, svg: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}` },
        scans: inspection.checkCodeScans.map((s) => ({ day: s.day, scannedAt: s.scannedAt.toISOString() })),
      };
    },

    /**
     * The business asks for the one-time rating link of a CLOSED visit from the code's page (the
     * rating service's rules: once per inspection, 409 when it was issued already).
     */
    async ratingLink({ token, now = new Date() }: { token: string; now?: Date }) {
      const opened = await openVisit(token, now);
      return deps.ratings.issueLink({ inspectionId: opened.id, actorId: RATING_LINK_BY_CHECK_CODE, now });
    },

    /** What the business sees when it scans the code; the scan is recorded once per visit and day. */
    async publicView({ token, now = new Date() }: { token: string; now?: Date }) {
      const opened = await openVisit(token, now);
      const inspection = await prisma.jointInspection.findUniqueOrThrow({
        where: { id: opened.id },
        select: {
          id: true,
          status: true,
          scheduledFor: true,
          target: { select: { name: true } },
          scenario: { select: { name: true } },
          team: { select: { officerId: true, isLead: true } },
          checks: {
            orderBy: { department: { code: 'asc' } },
            select: {
              department: { select: { name: true } },
              items: { select: { checkItem: { select: { code: true, title: true, legalBasis: true } } }, orderBy: { checkItem: { code: 'asc' } } },
              results: { select: { outcome: true, checkItem: { select: { code: true, title: true } } }, orderBy: { checkItem: { code: 'asc' } } },
            },
          },
          documents: { orderBy: { createdAt: 'asc' }, select: { kind: true, number: true, createdAt: true } },
        },
      });
      const visitDate = dateOfColumn(inspection.scheduledFor);
      const checkIn = await recordScan(inspection.id, now);
      // Name and 执法证 number only: the officer's phone, id and account never leave here.
      const officers = await prisma.officer.findMany({
        where: { id: { in: inspection.team.map((m) => m.officerId) } },
        select: { id: true, name: true, certificateNo: true },
      });
      const leadFirst = [...officers].sort((a, b) => Number(isLead(b.id)) - Number(isLead(a.id)) || a.name.localeCompare(b.name, 'zh'));
      function isLead(officerId: string) {
        return inspection!.team.some((m) => m.officerId === officerId && m.isLead);
      }
      const status = inspection.status as InspectionStatus;
      return {
        registered: true as const,
        status,
        statusLabel: INSPECTION_STATUS_LABELS[status],
        visitDate,
        expiresAt: opened.expiresAt.toISOString(),
        business: { name: inspection.target.name },
        scenario: inspection.scenario.name,
        departments: inspection.checks.map((c) => ({
          name: c.department.name,
          items: c.items.map((i) => ({ code: i.checkItem.code, title: i.checkItem.title, legalBasis: i.checkItem.legalBasis })),
        })),
        officers: leadFirst.map(publicOfficer),
        checkIn: { scannedAt: checkIn.toISOString() },
        afterVisit: visitCarriedOut(status) ? await afterVisit(inspection, status) : null,
      };
    },
  };

  /** The visit a code opens, or why it does not: forged (404), cancelled or expired (410). */
  async function openVisit(token: string, now: Date): Promise<{ id: string; expiresAt: Date }> {
    const reading = readCheckCode(key(), token);
    if (!reading.valid) throw notRegistered();
    const inspection = await prisma.jointInspection.findUnique({ where: { id: reading.inspectionId }, select: { status: true, scheduledFor: true } });
    if (!inspection) throw notRegistered();
    if (inspection.status === 'CANCELLED') throw new AppError('CHECK_CODE_CANCELLED', CHECK_CODE_MESSAGES.cancelled(reportHint));
    if (reading.expiresAt.getTime() <= now.getTime()) {
      throw new AppError('CHECK_CODE_EXPIRED', CHECK_CODE_MESSAGES.expired(dateOfColumn(inspection.scheduledFor), reportHint));
    }
    return { id: reading.inspectionId, expiresAt: reading.expiresAt };
  }

  async function afterVisit(
    inspection: {
      id: string;
      checks: { department: { name: string }; results: { outcome: string; checkItem: { code: string; title: string } }[] }[];
      documents: { kind: string; number: string; createdAt: Date }[];
    },
    status: InspectionStatus,
  ) {
    const [invitation, rating] = await Promise.all([
      prisma.ratingInvitation.findUnique({ where: { inspectionId: inspection.id }, select: { usedAt: true, expiresAt: true } }),
      prisma.rating.findUnique({ where: { inspectionId: inspection.id }, select: { id: true } }),
    ]);
    const ratingState = rating ? 'RATED' : invitation ? 'ISSUED' : status === 'CLOSED' ? 'NOT_ISSUED' : 'NOT_YET';
    const ratingMessage = {
      RATED: '本次检查已评价，感谢您的参与',
      ISSUED: '评价链接已发给贵单位（/rate/…），请在有效期内评价，每次检查评价一次',
      NOT_ISSUED: '检查已办结，欢迎对本次检查进行匿名满意度评价（每次检查一次）',
      NOT_YET: '检查办结后可对本次检查进行满意度评价',
    }[ratingState];
    return {
      results: inspection.checks.map((c) => ({
        department: c.department.name,
        items: c.results.map((r) => ({ code: r.checkItem.code, title: r.checkItem.title, outcome: r.outcome, outcomeLabel: OUTCOME_LABELS[r.outcome as CheckOutcome] })),
      })),
      documents: inspection.documents.map((d) => ({ title: DOCUMENT_TITLES[d.kind as DocumentKind], number: d.number, issuedOn: chinaDate(d.createdAt.toISOString()) })),
      rating: { state: ratingState, message: ratingMessage },
    };
  }

  /** The first scan of the China day is the check-in; a later one that day finds it recorded. */
  async function recordScan(inspectionId: string, now: Date): Promise<Date> {
    const day = chinaDate(now.toISOString());
    await writeOnce(
      prisma,
      `check-code-scan:${inspectionId}:${day}`,
      { actor: null, action: 'CHECK_CODE_SCANNED', subjectType: 'JointInspection', subjectId: inspectionId, at: now, payload: { day } },
      async (tx) => {
        await tx.checkCodeScan.create({ data: { id: randomUUID(), inspectionId, day, scannedAt: now } });
      },
    );
    const scan = await prisma.checkCodeScan.findUniqueOrThrow({ where: { inspectionId_day: { inspectionId, day } }, select: { scannedAt: true } });
    return scan.scannedAt;
  }
}

export type CheckCodeService = ReturnType<typeof createCheckCodeService>;
