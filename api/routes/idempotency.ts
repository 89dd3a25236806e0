/**
 * The optional Idempotency-Key request header of the commands a phone may resend (a lost answer,
 * a queue sent again when the signal returns): one schema, so every such route validates it the
 * same way and the OpenAPI document states it as a header parameter. Too long or blank is a 400
 * naming the header — never silently cut, which would make two different keys one.
 */
import { z } from 'zod';

/** Express gives header names lowercase; `description` says what a repeat with the key answers. */
export function idempotencyHeaders(description: string, max = 200) {
  return z.object({
    'idempotency-key': z
      .string()
      .max(max, `Idempotency-Key 不能超过 ${max} 个字符`)
      // Stated as a pattern, so the document says exactly what is accepted (HTTP trims a header's ends).
      .regex(/^\S(?:.*\S)?$/, 'Idempotency-Key 不能为空，首尾不能是空白')
      .optional()
      .meta({ description }),
  });
}

export type IdempotencyHeaders = z.output<ReturnType<typeof idempotencyHeaders>>;
