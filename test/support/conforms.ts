/**
 * An answer matches its declared response schema exactly: every field of the right type and
 * nullability, and nothing the schema does not describe at any depth (zod strips unknown keys,
 * so an answer with one parses to something that no longer equals it).
 */
import { expect } from '@jest/globals';
import type { z } from 'zod';

export function expectConforms(schema: z.ZodType, body: unknown): void {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toStrictEqual(body);
}
