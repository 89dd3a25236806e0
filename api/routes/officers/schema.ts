import { z } from 'zod';
import { nonBlank } from '../text';
import { PHONE_PATTERN } from '../../../domain/officers';
import { ROLES } from '../../../domain/roles';
import { isoDate } from '../inspections/schema';

const id = z.string().min(1).max(64);
const departmentCode = z.string().regex(/^[A-Z][A-Z0-9_-]{0,39}$/, '部门代码应为大写字母、数字、下划线或连字符组成');
const text = (max: number) => nonBlank(1, max, '不能为空');

export const OfficerIdParams = z.strictObject({ id }).meta({ id: 'OfficerRecordIdParams' });
export type OfficerIdParams = z.infer<typeof OfficerIdParams>;

/** The fields an ADMIN keeps; on an edit every one is optional, and null clears a nullable one. */
const fields = {
  name: text(50).describe('姓名'),
  departmentCode: departmentCode.nullable().describe('所属执法部门代码；null：不属于执法部门（如法制审核人员、领导）'),
  townshipIds: z.array(id).max(100).describe('服务的乡镇（街道）ID'),
  countyWide: z.boolean().describe('全县范围（县级领导、县级管理员）；只有全县范围的管理员可以设置'),
  roles: z.array(z.enum(ROLES)).min(1, '至少一个角色').max(ROLES.length).describe('角色'),
  certificateNo: text(100).nullable().describe('执法证号'),
  certificateIssuer: text(100).nullable().describe('执法证发证机关'),
  certificateExpiresOn: isoDate.nullable().describe('执法证有效期至（YYYY-MM-DD）'),
  legalQualified: z.boolean().describe('具备国家统一法律职业资格'),
  legalQualificationNo: text(100).nullable().describe('法律职业资格证书编号'),
  phone: z.string().trim().regex(PHONE_PATTERN, '电话应为11位手机号或带区号的固定电话（如 023-70612345）').nullable().describe('联系电话'),
};

export const CreateOfficerBody = z
  .strictObject({
    ...fields,
    departmentCode: fields.departmentCode.default(null),
    townshipIds: fields.townshipIds.default([]),
    countyWide: fields.countyWide.default(false),
    certificateNo: fields.certificateNo.default(null),
    certificateIssuer: fields.certificateIssuer.default(null),
    certificateExpiresOn: fields.certificateExpiresOn.default(null),
    legalQualified: fields.legalQualified.default(false),
    legalQualificationNo: fields.legalQualificationNo.default(null),
    phone: fields.phone.default(null),
  })
  .meta({ id: 'CreateOfficer' });
export type CreateOfficerBody = z.infer<typeof CreateOfficerBody>;

export const UpdateOfficerBody = z
  .strictObject(fields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, '请至少提供一个要修改的字段')
  .meta({ id: 'UpdateOfficer', minProperties: 1 });
export type UpdateOfficerBody = z.infer<typeof UpdateOfficerBody>;

export const DeactivateBody = z
  .strictObject({ reason: text(500).describe('停用原因（调离、退休、执法证注销等）') })
  .meta({ id: 'DeactivateOfficer' });
export type DeactivateBody = z.infer<typeof DeactivateBody>;

export const ReactivateBody = z
  .strictObject({ reason: text(500).optional().describe('恢复原因') })
  .meta({ id: 'ReactivateOfficer' });
export type ReactivateBody = z.infer<typeof ReactivateBody>;

const flag = z.enum(['true', 'false'], '应为 true 或 false').transform((v) => v === 'true');

export const ListOfficersQuery = z
  .strictObject({
    departmentCode: departmentCode.optional(),
    townshipId: id.optional().describe('服务该乡镇（街道）的人员（不含全县范围人员）'),
    role: z.enum(ROLES).optional(),
    active: flag.optional().describe('true：在岗；false：已停用；省略：全部'),
    q: z.string().trim().min(1).max(50).optional().describe('按姓名或执法证号查找'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .meta({ id: 'ListOfficersQuery' });
export type ListOfficersQuery = z.infer<typeof ListOfficersQuery>;

export const ExpiringQuery = z
  .strictObject({
    on: isoDate.optional().describe('按哪一天计算（YYYY-MM-DD，北京时间）；省略为今天'),
  })
  .meta({ id: 'ExpiringCertificatesQuery' });
export type ExpiringQuery = z.infer<typeof ExpiringQuery>;

const CertificateView = z.object({
  state: z.enum(['NONE', 'VALID', 'EXPIRING', 'EXPIRED']),
  label: z.string().describe('无执法证 / 有效 / 即将到期 / 已过期'),
  daysLeft: z.number().nullable().describe('距到期天数（0：今天到期；负数：已过期天数）'),
});

export const OfficerView = z
  .object({
    id: z.string(),
    name: z.string(),
    department: z.object({ code: z.string(), name: z.string() }).nullable(),
    townships: z.array(z.object({ id: z.string(), name: z.string() })),
    countyWide: z.boolean(),
    roles: z.array(z.enum(ROLES)),
    certificateNo: z.string().nullable(),
    certificateIssuer: z.string().nullable(),
    certificateExpiresOn: z.string().nullable(),
    certificate: CertificateView,
    legalQualified: z.boolean(),
    legalQualificationNo: z.string().nullable(),
    phone: z.string().nullable(),
    active: z.boolean(),
    deactivatedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'Officer' });

export const OfficerList = z
  .object({ items: z.array(OfficerView), page: z.number(), pageSize: z.number(), total: z.number() })
  .meta({ id: 'OfficerList' });

export const ExpiringList = z
  .object({
    on: z.string().describe('计算日期'),
    warningDays: z.number().describe('提前提醒天数（CERTIFICATE_WARNING_DAYS）'),
    items: z.array(OfficerView),
  })
  .meta({ id: 'ExpiringCertificates' });
