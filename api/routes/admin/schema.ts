import { z } from 'zod';
import { ROLES } from '../../../domain/roles';

export const OfficerParams = z.strictObject({ id: z.string().min(1).max(100) }).meta({ id: 'OfficerIdParams' });
export type OfficerParams = z.infer<typeof OfficerParams>;

export const TokenParams = z.strictObject({ id: z.string().min(1).max(100) }).meta({ id: 'TokenIdParams' });
export type TokenParams = z.infer<typeof TokenParams>;

export const CredentialsBody = z
  .strictObject({
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, '用户名为3–32位小写字母、数字或 . _ -，以字母或数字开头')
      .optional()
      .describe('缺省时沿用已有用户名'),
    resetSecondFactor: z.boolean().optional().describe('同时解除身份验证器绑定（手机丢失时）'),
  })
  .meta({ id: 'CredentialsBody' });
export type CredentialsBody = z.infer<typeof CredentialsBody>;

export const CredentialsResponse = z
  .object({
    username: z.string(),
    temporaryPassword: z.string().describe('一次性初始密码：只显示这一次，首次登录须修改'),
  })
  .meta({ id: 'Credentials' });

export const TokenBody = z
  .strictObject({
    officerId: z.string().min(1).max(100),
    name: z.string().trim().min(1, '请为令牌命名（用途）').max(100),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length).optional().describe('令牌可用的角色（须为该人员已有的角色）；缺省为其全部角色'),
    expiresAt: z.iso.datetime({ offset: true }).optional().describe('失效时间；缺省为90天后'),
  })
  .meta({ id: 'ApiTokenBody' });
export type TokenBody = z.infer<typeof TokenBody>;

const TokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  officerId: z.string(),
  roles: z.array(z.enum(ROLES)),
  expiresAt: z.string().nullable(),
});

export const IssuedToken = TokenSummary.extend({ token: z.string().describe('令牌：只显示这一次') }).meta({ id: 'IssuedApiToken' });

export const TokenList = z
  .object({
    items: z.array(
      TokenSummary.extend({
        officerName: z.string(),
        createdAt: z.string(),
        revokedAt: z.string().nullable(),
        status: z.enum(['ACTIVE', 'EXPIRED', 'REVOKED']),
      }),
    ),
  })
  .meta({ id: 'ApiTokenList' });

export const Revoked = z.object({ revoked: z.boolean().describe('false：此前已吊销') }).meta({ id: 'ApiTokenRevoked' });
export const Unlocked = z.object({ message: z.string() }).meta({ id: 'AccountUnlocked' });

const ChainBreak = z
  .object({
    kind: z
      .enum(['HASH_MISMATCH', 'GAP', 'LINK_MISMATCH', 'UNCHAINED', 'BEYOND_HEAD', 'TRUNCATED', 'HEAD_MISMATCH', 'HEAD_MISSING'])
      .describe('HASH_MISMATCH 内容被改动；GAP 之前的事件被删除；LINK_MISMATCH 与前一事件链接不符（插入）；UNCHAINED 不在链上的行（插入）；BEYOND_HEAD 链头之后的行；TRUNCATED 末尾被删除；HEAD_* 链头被改动或删除'),
    suspected: z.enum(['EDITED', 'DELETED', 'INSERTED']),
    eventId: z.string().nullable().describe('断点所在事件的 id'),
    seq: z.number().int().nullable().describe('该事件在链上的序号'),
    position: z.number().int().nullable().describe('按序号读到的第几个事件（从1起）'),
    missing: z.object({ from: z.number().int(), to: z.number().int() }).optional().describe('缺失的序号'),
    message: z.string(),
  })
  .meta({ id: 'AuditChainBreak' });

export const AuditChainReport = z
  .object({
    ok: z.boolean().describe('整条审计链完好'),
    events: z.number().int().describe('链上事件数'),
    head: z.object({ seq: z.number().int(), hash: z.string() }).nullable().describe('链头：最后事件的序号与哈希（可抄存于系统之外，作为外部锚点）'),
    firstBroken: ChainBreak.nullable().describe('第一个断点（之后的断点可能由它引起）'),
    breaks: z.array(ChainBreak).describe('全部断点（前100个）'),
    checkedAt: z.string(),
  })
  .meta({ id: 'AuditChainReport' });
