/** The calendar date every route accepts (YYYY-MM-DD, a real day), declared once. */
import { z } from 'zod';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), '不是有效日期')
  // The document says what the refinement checks: a calendar date, not any four-two-two digits.
  .meta({ format: 'date' });
