/**
 * The "532" event workflow's state (contracts/rapid-response.ts EventState) as the API documents
 * it; the TypeScript type stays the source, `agrees` below fails the type check when they drift.
 */
import { z } from 'zod';
import { CONVERSION_KINDS, EVENT_CATEGORIES, EVENT_STATUSES, RESPONSE_STAGES, type EventCategory } from '../../../domain/rapid-response';
import type { EventState } from '../../../contracts/rapid-response';

const dateTime = z.string().meta({ format: 'date-time' });
const actor = z.object({ officerId: z.string(), name: z.string() });
const CATEGORIES = Object.keys(EVENT_CATEGORIES) as [EventCategory, ...EventCategory[]];

export const EventStateSchema = z
  .object({
    eventId: z.string(),
    reportedAt: dateTime,
    reporter: actor,
    category: z.enum(CATEGORIES),
    village: z.string(),
    location: z.string(),
    description: z.string(),
    evidence: z.array(z.string()),
    policy: z.object({ dispatchMs: z.number().int(), onSiteMs: z.number().int(), feedbackMs: z.number().int() }),
    townshipId: z.string().nullable().optional(),
    status: z.enum(EVENT_STATUSES),
    persisted: z.boolean(),
    clocks: z.array(
      z.object({
        stage: z.enum(RESPONSE_STAGES),
        dueAt: dateTime,
        doneAt: dateTime.nullable(),
        late: z.boolean(),
        breachedAt: dateTime.nullable(),
        escalation: z.enum(['NONE', 'SENT', 'FAILED']),
        escalatedAt: dateTime.nullable(),
      }),
    ),
    dispatch: z
      .object({
        by: actor,
        at: dateTime,
        instruction: z.string(),
        departmentCodes: z.array(z.string()),
        responders: z.array(actor.extend({ departmentCode: z.string().nullable() })),
      })
      .nullable(),
    checkIns: z.array(z.object({ officerId: z.string(), name: z.string(), at: dateTime, late: z.boolean(), recordedBy: actor })),
    feedback: z.object({ by: actor, at: dateTime, result: z.string(), evidence: z.array(z.string()) }).nullable(),
    closure: z
      .object({
        by: actor,
        at: dateTime,
        outcome: z.enum(['RESOLVED', 'CONVERTED']),
        note: z.string(),
        link: z.object({ kind: z.enum(CONVERSION_KINDS), inspectionId: z.string().nullable(), caseRef: z.string().nullable() }).nullable(),
      })
      .nullable(),
  })
  .describe('“532”事件流程的当前状态')
  .meta({ id: 'EventState' });

type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agrees: Agrees<z.output<typeof EventStateSchema>, EventState> = true;
void agrees;
