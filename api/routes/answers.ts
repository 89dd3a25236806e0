/**
 * The parts of response schemas, and compile-time checks that a response schema describes what its service really returns, so
 * the service's type stays the one source and the schema (OpenAPI, typed client) cannot drift
 * from it: `agrees<z.output<typeof Schema>, Answer<Service['get']>>()` fails `tsc` when
 * a field is missing, extra, nullable on one side only, or of another type.
 */
import { z } from 'zod';

/** An instant as answered (ISO 8601, UTC). */
export const dateTime = z.string().meta({ format: 'date-time' });
/** A calendar day as answered (YYYY-MM-DD, Beijing). */
export const day = z.string().meta({ format: 'date' });
/** Who did a step, as workflows record them (contracts ActorRef). */
export const actorRef = z.object({ officerId: z.string(), name: z.string() });

/** What `res.json` makes of a value: Dates become ISO strings, keys holding only `undefined` vanish. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T as [T[K]] extends [undefined] ? never : K]: Json<T[K]> }
      : T;

/**
 * Literal types widened to their base type: a schema may name the enum of a column Prisma
 * types as `string` (the values are the domain's; the e2e tests check them on real answers).
 */
export type Widened<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer U)[]
        ? Widened<U>[]
        : T extends object
          ? { [K in keyof T]: Widened<T[K]> }
          : T;

/** Both ways, after widening: the schema admits every answer and describes nothing else. */
export type Agrees<A, B> = [Widened<A>] extends [Widened<B>] ? ([Widened<B>] extends [Widened<A>] ? true : false) : false;

/** The JSON body of a service method's answer. */
export type Answer<F extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<F>>>;

/** Call with the schema's output and the service's answer; a disagreement is a type error here. */
export function agrees<A, B>(..._: Agrees<A, B> extends true ? [] : [never]): void {}
