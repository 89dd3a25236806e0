import { z } from 'zod';
import { SEVERITIES } from '../../../domain/catalog';
import { COUNTY_RULE_KINDS } from '../../../domain/county-rules';
import { LIST_PROCEDURE_FIELDS } from '../scenario-lists/schema';
import { FrequencyCapsBody } from '../plans/schema';

export { PublishScenarioListBody as PublishCountyRuleBody, ReviewScenarioListBody as ReviewCountyRuleBody } from '../scenario-lists/schema';

const id = z.string().min(1).max(64);
const code = z.string().regex(/^[A-Z][A-Z0-9_-]{0,39}$/, '应为大写字母、数字、下划线或连字符组成的代码');
// An empty 首违不罚 list is a county's lawful choice (nothing is let go); a scenario list is not.
const itemCodes = z.array(code).max(500).describe('列入首违不罚清单的检查事项编码（只能是问题等级为“轻微”、且非消防和安全生产的事项）');
const note = z.string().trim().min(1).max(500).describe('修订说明');

export const CountyRuleParams = z.strictObject({ id }).meta({ id: 'CountyRuleIdParams' });
export type CountyRuleParams = z.infer<typeof CountyRuleParams>;

export const CreateNoPenaltyListBody = z
  .strictObject({ itemCodes: itemCodes.optional().describe('省略时复制今日生效版本的清单'), note: note.optional() })
  .meta({ id: 'CreateNoPenaltyList' });
export type CreateNoPenaltyListBody = z.infer<typeof CreateNoPenaltyListBody>;

export const EditNoPenaltyListBody = z.strictObject({ itemCodes, note: note.optional() }).meta({ id: 'EditNoPenaltyList' });
export type EditNoPenaltyListBody = z.infer<typeof EditNoPenaltyListBody>;

export const CreateFrequencyCapsBody = z
  .strictObject({ caps: FrequencyCapsBody.optional().describe('省略时复制今日生效版本的频次上限'), note: note.optional() })
  .meta({ id: 'CreateFrequencyCaps' });
export type CreateFrequencyCapsBody = z.infer<typeof CreateFrequencyCapsBody>;

export const EditFrequencyCapsBody = z.strictObject({ caps: FrequencyCapsBody, note: note.optional() }).meta({ id: 'EditFrequencyCaps' });
export type EditFrequencyCapsBody = z.infer<typeof EditFrequencyCapsBody>;

const Caps = z.object({
  perDepartment: z.record(z.string(), z.number().int()),
  defaultPerDepartment: z.number().int().nullable(),
  visitsPerTarget: z.number().int().nullable(),
});

export const CountyRuleSummary = z
  .object({
    id: z.string(),
    kind: z.enum(COUNTY_RULE_KINDS),
    version: z.number().int(),
    label: z.string(),
    ...LIST_PROCEDURE_FIELDS,
  })
  .meta({ id: 'CountyRuleSummary' });

export const CountyRulesResponse = z.array(CountyRuleSummary).meta({ id: 'CountyRules' });

export const CountyRuleDetail = z
  .object({
    version: CountyRuleSummary,
    itemCodes: z.array(z.string()).nullable().describe('首违不罚清单的检查事项编码（频次上限为 null）'),
    items: z
      .array(z.object({ code: z.string(), departmentCode: z.string(), departmentName: z.string(), title: z.string(), severity: z.enum(SEVERITIES) }))
      .nullable(),
    caps: Caps.nullable().describe('检查频次上限（首违不罚清单为 null）'),
    changes: z
      .object({
        added: z.array(z.string()),
        removed: z.array(z.string()),
        caps: z.array(z.object({ field: z.string(), label: z.string(), before: z.number().nullable(), after: z.number().nullable() })),
      })
      .nullable()
      .describe('与所依据版本相比：增删的检查事项，或改变的频次上限'),
    history: z.array(z.object({ at: z.string(), action: z.string(), actorName: z.string().nullable(), payload: z.unknown() })),
  })
  .meta({ id: 'CountyRuleDetail' });
