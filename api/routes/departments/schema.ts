import { z } from 'zod';
import { SEVERITIES } from '../../../domain/catalog';
import { Measurement } from '../catalog/schema';

export const DepartmentCodeParams = z.strictObject({ code: z.string().regex(/^[A-Z][A-Z0-9_-]{0,39}$/) });

export const DepartmentTasksResponse = z
  .object({
    department: z.object({ code: z.string(), name: z.string() }),
    tasks: z.array(
      z.object({
        inspectionId: z.string(),
        task: z.enum(['PREPARE_VISIT', 'SUBMIT_CHECKS', 'REVISE_AFTER_REVIEW', 'HANDLE_FINDINGS']),
        status: z.string(),
        scheduledFor: z.string(),
        target: z.object({ id: z.string(), name: z.string(), address: z.string(), village: z.string() }),
        scenario: z.object({ code: z.string(), name: z.string() }),
        items: z.array(
          z.object({
            code: z.string(),
            title: z.string(),
            legalBasis: z.string(),
            method: z.string(),
            severity: z.enum(SEVERITIES),
            measurement: Measurement,
          }),
        ),
        overdue: z.boolean(),
        reviewOpinion: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'DepartmentTasks' });
