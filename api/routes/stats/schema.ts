import { z } from 'zod';

export const StatsQuery = z
  .strictObject({ year: z.coerce.number().int().min(2000).max(2100) })
  .meta({ id: 'StatsQuery' });
export type StatsQuery = z.infer<typeof StatsQuery>;

const Counter = { scheduled: z.number(), completed: z.number() };

export const StatsResponse = z
  .object({
    year: z.number(),
    inspections: z.object({
      scheduled: z.number(),
      completed: z.number(),
      inProgress: z.number(),
      cancelled: z.number(),
      byStatus: z.record(z.string(), z.number()),
    }),
    byScenario: z.array(z.object({ code: z.string(), name: z.string(), ...Counter })),
    byDepartment: z.array(
      z.object({ code: z.string(), name: z.string(), checks: z.number(), submitted: z.number(), late: z.number(), overdue: z.number(), ...Counter }),
    ),
    byVillage: z.array(z.object({ village: z.string(), ...Counter })),
    findings: z.object({ total: z.number(), proposedPenalty: z.number(), rectify: z.number(), bySeverity: z.record(z.string(), z.number()) }),
    reviews: z.object({ total: z.number(), approved: z.number(), returned: z.number(), pendingInspections: z.number() }),
    escalations: z.number(),
    merging: z.object({ departmentChecks: z.number(), visits: z.number(), visitsSaved: z.number(), description: z.string() }),
  })
  .meta({ id: 'Stats' });
