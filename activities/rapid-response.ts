/**
 * Database writes and escalations of the "532" rapid-response workflow. Every write is a
 * recorded step (db/steps.ts, key = workflow id + step): business rows and their AuditEvent in
 * one transaction, a retry is a no-op. Status moves check the current status explicitly.
 */
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  EVENT_CATEGORIES,
  STAGE_LABELS,
  dueAt,
  type ConversionKind,
  type EventCategory,
  type EventStatus,
  type ResponseStage,
} from '../domain/rapid-response';
import type { ActorRef } from '../contracts/inspection';
import { eventWorkflowId, type RapidResponseInput, type ResponderRef } from '../contracts/rapid-response';
import { type PrismaClient, type Tx } from '../db';
import { stepRecorder } from '../db/steps';
import {
  DEFAULT_NOTIFIER_CONFIG,
  createNotifierChannel,
  type EscalationChannel,
  type NotifierConfig,
} from './notifier';

export interface RapidResponseActivityDeps {
  prisma: PrismaClient;
  notifier?: NotifierConfig;
  /** Overrides the configured channel (another transport, or a test double of the recipient). */
  escalationChannel?: EscalationChannel;
}

interface Step {
  key: string;
  eventId: string;
  at: string;
}

const SUBJECT = 'GridEvent';

async function moveEventStatus(
  tx: Tx,
  eventId: string,
  from: EventStatus,
  to: EventStatus,
  extra: Record<string, unknown>,
): Promise<void> {
  const { count } = await tx.gridEvent.updateMany({ where: { id: eventId, status: from }, data: { status: to, ...extra } });
  if (count !== 1) {
    throw ApplicationFailure.nonRetryable(`event ${eventId} is not in status ${from}; cannot move to ${to}`, 'STATUS_MISMATCH');
  }
}

export function createRapidResponseActivities(deps: RapidResponseActivityDeps) {
  const { prisma } = deps;
  const notifier = deps.notifier ?? DEFAULT_NOTIFIER_CONFIG;
  const channel =
    deps.escalationChannel ??
    createNotifierChannel(notifier, (line, notice) => log.warn(line, { escalation: notice }));
  const record = stepRecorder(prisma, SUBJECT);

  return {
    async recordEventReported(options: { key: string; input: RapidResponseInput }): Promise<void> {
      const { key, input } = options;
      const at = new Date(input.reportedAt);
      await record({
        key: key,
        actor: input.reporter,
        action: 'EVENT_REPORTED',
        subjectId: input.eventId,
        at,
        payload: {
          category: input.category,
          village: input.village,
          location: input.location,
          evidence: input.evidence,
          policy: input.policy,
        },
        write: async (tx) => {
          await tx.gridEvent.create({
            data: {
              id: input.eventId,
              workflowId: eventWorkflowId(input.eventId),
              reporterId: input.reporter.officerId,
              clientKey: input.clientKey,
              category: input.category,
              village: input.village,
              location: input.location,
              description: input.description,
              evidenceJson: JSON.stringify(input.evidence),
              townshipId: input.townshipId ?? null,
              status: 'REPORTED',
              reportedAt: at,
              dispatchDueAt: new Date(dueAt(input.reportedAt, input.policy, 'DISPATCH')),
              onSiteDueAt: new Date(dueAt(input.reportedAt, input.policy, 'ON_SITE')),
              feedbackDueAt: new Date(dueAt(input.reportedAt, input.policy, 'FEEDBACK')),
              updatedAt: at,
            },
          });
        },
      });
    },

    async recordDispatch(
      options: Step & { actor: ActorRef; instruction: string; departmentCodes: string[]; responders: ResponderRef[]; late: boolean },
    ): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.eventId, at, {
        actor: options.actor,
        action: 'EVENT_DISPATCHED',
        payload: {
          instruction: options.instruction,
          departmentCodes: options.departmentCodes,
          responders: options.responders.map((r) => r.officerId),
          late: options.late,
        },
        write: async (tx) => {
          await moveEventStatus(tx, options.eventId, 'REPORTED', 'DISPATCHED', {
            dispatchedAt: at,
            dispatchedById: options.actor.officerId,
            dispatchLate: options.late,
            instruction: options.instruction,
            updatedAt: at,
          });
          await tx.eventDepartment.createMany({
            data: options.departmentCodes.map((departmentCode) => ({ eventId: options.eventId, departmentCode })),
          });
          await tx.eventResponder.createMany({
            data: options.responders.map((r) => ({
              eventId: options.eventId,
              officerId: r.officerId,
              departmentCode: r.departmentCode,
              assignedAt: at,
            })),
          });
        },
      });
    },

    async recordEventCheckIn(
      options: Step & { actor: ActorRef; officerIds: string[]; firstArrival: boolean; late: boolean },
    ): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.eventId, at, {
        actor: options.actor,
        action: 'EVENT_CHECKED_IN',
        payload: { officerIds: options.officerIds, late: options.late },
        write: async (tx) => {
          if (options.firstArrival) {
            await moveEventStatus(tx, options.eventId, 'DISPATCHED', 'ON_SITE', {
              onSiteAt: at,
              onSiteLate: options.late,
              updatedAt: at,
            });
          }
          await tx.eventResponder.updateMany({
            where: { eventId: options.eventId, officerId: { in: options.officerIds } },
            data: { checkedInAt: at, checkInLate: options.late },
          });
        },
      });
    },

    async recordFeedback(
      options: Step & { actor: ActorRef; result: string; evidence: string[]; late: boolean },
    ): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.eventId, at, {
        actor: options.actor,
        action: 'EVENT_FED_BACK',
        payload: { result: options.result, evidence: options.evidence, late: options.late },
        write: (tx) =>
          moveEventStatus(tx, options.eventId, 'ON_SITE', 'FED_BACK', {
            feedbackAt: at,
            feedbackById: options.actor.officerId,
            feedbackLate: options.late,
            feedbackResult: options.result,
            updatedAt: at,
          }),
      });
    },

    async recordEventClosed(
      options: Step & {
        actor: ActorRef;
        outcome: 'RESOLVED' | 'CONVERTED';
        note: string;
        link: { kind: ConversionKind; inspectionId: string | null; caseRef: string | null } | null;
      },
    ): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.eventId, at, {
        actor: options.actor,
        action: options.outcome === 'RESOLVED' ? 'EVENT_RESOLVED' : 'EVENT_CONVERTED',
        payload: { note: options.note, link: options.link },
        write: (tx) =>
          moveEventStatus(tx, options.eventId, 'FED_BACK', options.outcome, {
            closedAt: at,
            closedById: options.actor.officerId,
            closingNote: options.note,
            linkKind: options.link?.kind ?? null,
            linkedInspectionId: options.link?.inspectionId ?? null,
            linkedCaseRef: options.link?.caseRef ?? null,
            updatedAt: at,
          }),
      });
    },

    /** The missed clock, written once; recordedAt is the wall clock at the write (what a reader sees). */
    async recordClockBreach(
      options: { key: string; eventId: string; stage: ResponseStage; dueAt: string; breachedAt: string },
    ): Promise<void> {
      const recordedAt = new Date();
      await record.at(options, options.eventId, new Date(options.breachedAt), {
        action: 'EVENT_CLOCK_BREACHED',
        payload: { stage: options.stage, dueAt: options.dueAt, breachedAt: options.breachedAt },
        write: async (tx) => {
          await tx.clockBreach.create({
            data: {
              eventId: options.eventId,
              stage: options.stage,
              dueAt: new Date(options.dueAt),
              breachedAt: new Date(options.breachedAt),
              recordedAt,
            },
          });
        },
      });
    },

    /**
     * Sends the escalation to the duty leader, then records that it was sent. The recipient is
     * looked up when the clock is missed: the duty roster may have changed since the report.
     * A retry after a successful send but failed record sends again with the same key.
     */
    async notifyEscalation(options: {
      key: string;
      eventId: string;
      stage: ResponseStage;
      category: EventCategory;
      village: string;
      location: string;
      reportedAt: string;
      dueAt: string;
      breachedAt: string;
    }): Promise<{ channel: string; sentAt: string }> {
      const already = await prisma.auditEvent.findUnique({ where: { idempotencyKey: options.key } });
      if (already) return { channel: channel.name, sentAt: already.at.toISOString() };
      const leader =
        (await prisma.officer.findFirst({ where: { key: notifier.dutyLeaderKey, active: true } })) ??
        (await prisma.officer.findFirst({ where: { active: true, roles: { some: { role: 'LEADER' } } }, orderBy: { key: 'asc' } }));
      const categoryLabel = EVENT_CATEGORIES[options.category].label;
      const stageLabel = STAGE_LABELS[options.stage];
      await channel.send(
        {
          type: 'rapid-response.clock-breached',
          eventId: options.eventId,
          stage: options.stage,
          stageLabel,
          category: options.category,
          categoryLabel,
          village: options.village,
          location: options.location,
          reportedAt: options.reportedAt,
          dueAt: options.dueAt,
          breachedAt: options.breachedAt,
          recipient: leader ? { officerId: leader.id, name: leader.name } : null,
          message: `【532超时】${options.village}${options.location}的${categoryLabel}事件未在时限内完成“${stageLabel}”（应于 ${options.dueAt} 前），请${leader ? `值班领导${leader.name}` : '值班领导'}督办。`,
        },
        options.key,
      );
      const sentAt = new Date();
      await record.at(options, options.eventId, sentAt, {
        action: 'EVENT_ESCALATED',
        payload: { stage: options.stage, channel: channel.name, recipientId: leader?.id ?? null },
        write: async (tx) => {
          await tx.clockBreach.update({
            where: { eventId_stage: { eventId: options.eventId, stage: options.stage } },
            data: { escalatedAt: sentAt, escalatedToId: leader?.id ?? null, escalationChannel: channel.name },
          });
        },
      });
      return { channel: channel.name, sentAt: sentAt.toISOString() };
    },

    /** The channel kept failing: say so in the record, so the breach does not look handled. */
    async recordEscalationFailed(options: { key: string; eventId: string; stage: ResponseStage; error: string; at: string }) {
      await record.at(options, options.eventId, new Date(options.at), {
        action: 'EVENT_ESCALATION_FAILED',
        payload: { stage: options.stage, channel: channel.name, error: options.error },
        write: async (tx) => {
          await tx.clockBreach.update({
            where: { eventId_stage: { eventId: options.eventId, stage: options.stage } },
            data: { escalationFailed: true, escalationChannel: channel.name },
          });
        },
      });
    },
  };
}

export type RapidResponseActivities = ReturnType<typeof createRapidResponseActivities>;
