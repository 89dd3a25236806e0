import { z } from 'zod';
import { nonBlank } from '../text';
import { RELATION } from '../../validate';
import { TOWNSHIP_CODE_PATTERN, TOWNSHIP_KINDS, VILLAGE_KINDS } from '../../../domain/townships';

const name = nonBlank(2, 40, '名称至少2个字');
const VillageBody = z.strictObject({ name, kind: z.enum(VILLAGE_KINDS).default('VILLAGE').describe('VILLAGE 行政村，COMMUNITY 社区') });

export const TownshipParams = z.strictObject({ id: z.string().min(1).max(100) }).meta({ id: 'TownshipIdParams' });

export const CreateTownshipBody = z
  .strictObject({
    code: z.string().regex(TOWNSHIP_CODE_PATTERN, '区划代码为9位数字（县6位＋乡镇3位）').describe('统计用区划代码（9位）'),
    name,
    kind: z.enum(TOWNSHIP_KINDS).default('TOWNSHIP').describe('TOWNSHIP 乡镇，SUBDISTRICT 街道'),
    villages: z
      .array(VillageBody)
      .max(200)
      .refine((vs) => new Set(vs.map((v) => v.name)).size === vs.length, { message: '村（社区）名称重复', params: RELATION })
      .optional(),
  })
  .meta({ id: 'CreateTownship' });
export type CreateTownshipBody = z.infer<typeof CreateTownshipBody>;

export const UpdateTownshipBody = z
  .strictObject({
    code: z.string().regex(TOWNSHIP_CODE_PATTERN, '区划代码为9位数字（县6位＋乡镇3位）').optional(),
    name: name.optional(),
    kind: z.enum(TOWNSHIP_KINDS).optional(),
    addVillages: z.array(VillageBody).max(200).optional().describe('新增的村（社区）；已有的不重复添加，村（社区）不删除'),
  })
  .meta({ id: 'UpdateTownship' });
export type UpdateTownshipBody = z.infer<typeof UpdateTownshipBody>;

export const TownshipResponse = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(TOWNSHIP_KINDS),
    villages: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(VILLAGE_KINDS) })),
    businesses: z.number().int().optional().describe('检查对象数'),
    officers: z.number().int().optional().describe('被指派到本乡镇的执法人员数'),
  })
  .meta({ id: 'Township' });
export const TownshipList = z.object({ items: z.array(TownshipResponse) }).meta({ id: 'TownshipList' });

export const CreateDepartmentBody = z
  .strictObject({
    code: z.string().regex(/^[A-Z][A-Z0-9_-]{1,39}$/, '部门代码为大写字母开头的字母、数字（如 MARKET）'),
    name: nonBlank(2, 60),
    shortName: nonBlank(2, 8),
    townshipId: z.string().min(1).max(100).optional().describe('乡镇设立的机构填所属乡镇；县级部门不填'),
  })
  .meta({ id: 'CreateDepartment' });
export type CreateDepartmentBody = z.infer<typeof CreateDepartmentBody>;

const DepartmentResponse = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  township: z.object({ id: z.string(), name: z.string() }).nullable().describe('null：县级部门'),
});
export const DepartmentCreated = DepartmentResponse.meta({ id: 'Department' });
export const DepartmentList = z.object({ items: z.array(DepartmentResponse) }).meta({ id: 'DepartmentList' });
