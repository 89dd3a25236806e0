/**
 * 满意度: after a joint inspection is closed, the coordinator hands the business a one-time link
 * (/rate/<token>) and the business rates the visit once, without logging in.
 *
 * - The token is 32 random bytes; only its SHA-256 is stored, so someone who reads the database
 *   (or a backup) cannot rate in the business's name.
 * - The Rating row holds the inspection, the score and the comment — nothing about who sent it
 *   and no reference to the invitation — so the rating stays anonymous even to the office.
 * - "Once" is enforced in the database, not by a read-then-write: the invitation is marked used
 *   by an updateMany that only matches while usedAt is null, in the same transaction as the
 *   insert. Two simultaneous submissions cannot both get count 1.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../db';
import { AppError } from '../errors';
import { dateOfColumn } from '../../domain/dates';

/** Long enough for the business to get round to it, short enough that old links die. */
export const RATING_LINK_TTL_MS = 30 * 24 * 3600_000;

export const hashRatingToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export function createRatingService(prisma: PrismaClient) {
  /** The invitation behind a token, or the reason the link cannot be used (404 / 410). */
  async function usableInvitation(token: string, now: Date) {
    const invitation = await prisma.ratingInvitation.findUnique({ where: { tokenHash: hashRatingToken(token) } });
    if (!invitation) throw new AppError('RATING_LINK_NOT_FOUND', '评价链接无效，请核对链接是否完整');
    if (invitation.usedAt) throw new AppError('RATING_LINK_EXPIRED', '该评价链接已使用，每次检查只能评价一次，感谢您的参与');
    if (invitation.expiresAt <= now) throw new AppError('RATING_LINK_EXPIRED', '该评价链接已过期（有效期30天）');
    return invitation;
  }

  return {
    async issueLink({ inspectionId, actorId, now = new Date() }: { inspectionId: string; actorId: string; now?: Date }) {
      const inspection = await prisma.jointInspection.findUnique({ where: { id: inspectionId }, select: { status: true } });
      if (!inspection) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${inspectionId} 不存在`);
      // Only a finished visit can be judged as a whole; a cancelled one was never a visit.
      if (inspection.status !== 'CLOSED') {
        throw new AppError('INSPECTION_NOT_CLOSED', '联合检查办结后才能生成满意度评价链接');
      }
      // The token is shown once, here. A second link would mean a second rating (or a lost
      // first link that cannot be shown again because only its hash is kept): refuse plainly.
      const existing = await prisma.ratingInvitation.findUnique({ where: { inspectionId }, select: { id: true } });
      if (existing) throw new AppError('RATING_LINK_EXISTS', '该联合检查已生成过评价链接，每次检查只能生成一个评价链接');
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + RATING_LINK_TTL_MS);
      try {
        await prisma.ratingInvitation.create({
          data: { id: randomUUID(), inspectionId, tokenHash: hashRatingToken(token), expiresAt, createdById: actorId, createdAt: now },
        });
      } catch (error) {
        // Two coordinators at the same moment: the unique inspectionId lets only one through.
        if ((error as { code?: string }).code === 'P2002') {
          throw new AppError('RATING_LINK_EXISTS', '该联合检查已生成过评价链接，每次检查只能生成一个评价链接');
        }
        throw error;
      }
      return { url: `/rate/${token}`, expiresAt: expiresAt.toISOString() };
    },

    /** What the business sees before rating: which visit this is about. */
    async publicView({ token, now = new Date() }: { token: string; now?: Date }) {
      const invitation = await usableInvitation(token, now);
      const inspection = await prisma.jointInspection.findUniqueOrThrow({
        where: { id: invitation.inspectionId },
        select: {
          scheduledFor: true,
          target: { select: { name: true } },
          scenario: { select: { name: true } },
          checks: { select: { department: { select: { code: true, name: true } } }, orderBy: { department: { code: 'asc' } } },
        },
      });
      return {
        target: { name: inspection.target.name },
        scenario: inspection.scenario.name,
        // scheduledFor is the China calendar date at UTC midnight.
        visitDate: dateOfColumn(inspection.scheduledFor),
        departments: inspection.checks.map((c) => c.department.name),
        expiresAt: invitation.expiresAt.toISOString(),
      };
    },

    async submit({ token, score, comment, now = new Date() }: { token: string; score: number; comment?: string; now?: Date }) {
      const tokenHash = hashRatingToken(token);
      const done = await prisma.$transaction(async (tx) => {
        const claimed = await tx.ratingInvitation.updateMany({
          where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
          data: { usedAt: now },
        });
        if (claimed.count !== 1) return null;
        const invitation = await tx.ratingInvitation.findUniqueOrThrow({ where: { tokenHash }, select: { inspectionId: true } });
        const text = comment?.trim();
        await tx.rating.create({
          data: { id: randomUUID(), inspectionId: invitation.inspectionId, score, comment: text ? text : null, createdAt: now },
        });
        return true;
      });
      if (done) return { message: '评价已提交，感谢您对联合执法工作的支持' };
      // Nothing claimed: say why (unknown 404, expired 410, already used 409).
      const invitation = await prisma.ratingInvitation.findUnique({ where: { tokenHash } });
      if (!invitation) throw new AppError('RATING_LINK_NOT_FOUND', '评价链接无效，请核对链接是否完整');
      if (invitation.usedAt) throw new AppError('RATING_ALREADY_SUBMITTED', '该检查已评价过，每次检查只能评价一次');
      throw new AppError('RATING_LINK_EXPIRED', '该评价链接已过期（有效期30天）');
    },
  };
}

export type RatingService = ReturnType<typeof createRatingService>;
