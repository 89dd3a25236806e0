import { z } from 'zod';

export const PublicResultsQuery = z
  .strictObject({ townshipId: z.string().min(1).max(64).optional().describe('只看一个乡镇的检查') })
  .meta({ id: 'PublicInspectionResultsQuery' });

export const PublicInspectionResultsResponse = z
  .object({
    items: z.array(
      z.object({
        inspectionId: z.string(),
        business: z.string().describe('检查对象名称'),
        creditCode: z.string(),
        township: z.string().nullable(),
        scenario: z.string(),
        visitDate: z.string().describe('检查日期（YYYY-MM-DD）'),
        closedAt: z.string(),
        departments: z.array(
          z.object({
            name: z.string(),
            items: z.array(z.object({ title: z.string(), outcomeLabel: z.string(), note: z.string().nullable() })),
          }),
        ),
        findings: z.array(z.object({ department: z.string(), item: z.string(), facts: z.string(), actionLabel: z.string() })),
      }),
    ),
  })
  .meta({ id: 'PublicInspectionResults' });
export type PublicInspectionResultsResponse = z.infer<typeof PublicInspectionResultsResponse>;
