/**
 * Text a person types: trimmed, then at least `min` characters. JSON Schema cannot trim, so the
 * document adds a pattern that says the same — `min` characters other than the whitespace
 * String.prototype.trim removes (spelled out: Python's \s, which Schemathesis uses, differs).
 */
import { z } from 'zod';

const NOT_TRIMMED = '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';

export function nonBlank(min: 1 | 2, max: number, message?: string) {
  const pattern = min === 1 ? NOT_TRIMMED : `${NOT_TRIMMED}[\\s\\S]*${NOT_TRIMMED}`;
  return z.string().trim().min(min, message).max(max).meta({ pattern });
}
