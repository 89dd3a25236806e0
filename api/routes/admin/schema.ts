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
