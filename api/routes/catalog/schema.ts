import { z } from 'zod';
import { SEVERITIES } from '../../../domain/catalog';

export const Measurement = z.union([
  z.object({ kind: z.literal('NONE') }),
  z.object({
    kind: z.literal('NUMERIC'),
    unit: z.string(),
    limitMin: z.number().optional(),
    limitMax: z.number().optional(),
    validMin: z.number(),
    validMax: z.number(),
  }),
]);

/** A catalog item as a scenario list shows it (db/rows.ts listedItemOf). */
export const ListedItem = z.object({
  code: z.string(),
  departmentCode: z.string(),
  departmentName: z.string(),
  title: z.string(),
  legalBasis: z.string(),
  method: z.string(),
  severity: z.enum(SEVERITIES),
  measurement: Measurement,
});

export const ScenarioListResponse = z
  .array(
    z.object({
      code: z.string(),
      name: z.string(),
      description: z.string(),
      version: z
        .object({ id: z.string(), version: z.number().int(), effectiveFrom: z.string() })
        .nullable()
        .describe('今日生效的场景清单版本（null：尚无生效版本）'),
      departments: z.array(z.string()),
      items: z.array(ListedItem),
    }),
  )
  .meta({ id: 'ScenarioList' });

export const TargetsQuery = z
  .strictObject({
    q: z.string().max(50).optional().describe('名称或统一社会信用代码的一部分'),
    village: z.string().max(50).optional(),
    scenarioCode: z.string().max(40).optional(),
  })
  .meta({ id: 'TargetsQuery' });
export type TargetsQuery = z.infer<typeof TargetsQuery>;

export const TargetListResponse = z
  .array(
    z.object({
      id: z.string(),
      name: z.string(),
      creditCode: z.string(),
      address: z.string(),
      village: z.string(),
      scenarioCode: z.string().nullable(),
      riskClass: z.string().nullable(),
    }),
  )
  .meta({ id: 'TargetList' });
