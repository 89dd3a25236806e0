import { z } from 'zod';
import { ROLES } from '../../../domain/roles';

const stage = z
  .enum(['ACTIVE', 'PASSWORD_CHANGE', 'TOTP_ENROLMENT'])
  .describe('ACTIVE：可正常办理；PASSWORD_CHANGE：须先修改初始密码；TOTP_ENROLMENT：须先绑定身份验证器');

export const LoginBody = z
  .strictObject({
    username: z.string().trim().min(1, '请输入用户名').max(64),
    password: z.string().min(1, '请输入密码').max(256),
    totp: z.string().trim().regex(/^\d{6}$/, '动态验证码为6位数字').optional().describe('身份验证器上的6位动态验证码（已绑定时必填，或改用恢复码）'),
    recoveryCode: z.string().trim().min(6).max(32).optional().describe('恢复码（每个只能用一次）'),
  })
  .meta({ id: 'LoginBody' });
export type LoginBody = z.infer<typeof LoginBody>;

export const LoginResponse = z
  .object({
    csrfToken: z.string().describe('之后每个修改类请求（POST/PUT/DELETE）须在 X-CSRF-Token 请求头中携带'),
    stage,
    expiresAt: z.string().describe('会话最迟失效时间（无操作30分钟亦失效）'),
    officer: z.object({ id: z.string(), name: z.string(), roles: z.array(z.enum(ROLES)) }),
  })
  .meta({ id: 'LoginResponse' });

export const PasswordBody = z
  .strictObject({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) })
  .meta({ id: 'PasswordChangeBody' });
export type PasswordBody = z.infer<typeof PasswordBody>;

export const StageResponse = z.object({ stage }).meta({ id: 'SessionStageResponse' });

export const TotpSetupResponse = z
  .object({
    secret: z.string().describe('Base32 密钥（无法扫码时手工输入）'),
    otpauthUri: z.string().describe('otpauth:// 地址，生成二维码供身份验证器扫描'),
  })
  .meta({ id: 'TotpSetup' });

export const TotpConfirmBody = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, '动态验证码为6位数字') }).meta({ id: 'TotpConfirmBody' });
export type TotpConfirmBody = z.infer<typeof TotpConfirmBody>;

export const TotpConfirmResponse = z
  .object({ recoveryCodes: z.array(z.string()).describe('恢复码：只显示这一次，请妥善保存'), stage })
  .meta({ id: 'TotpConfirmed' });

export const MeResponse = z
  .object({
    officer: z.object({
      id: z.string(),
      name: z.string(),
      departmentCode: z.string().nullable(),
      roles: z.array(z.enum(ROLES)),
      legalQualified: z.boolean(),
      certificateNo: z.string().nullable(),
      certificateExpiresOn: z.string().nullable(),
      countyWide: z.boolean().describe('true：县级人员，可见全部乡镇'),
      townships: z.array(z.object({ id: z.string(), name: z.string() })).describe('服务的乡镇（街道）；县级人员为全部'),
    }),
    via: z.enum(['session', 'token']).describe('session：浏览器登录会话；token：API 令牌'),
    session: z.object({ stage, expiresAt: z.string(), csrfToken: z.string() }).nullable(),
    secondFactor: z.object({ required: z.boolean() }),
    rules: z
      .object({ minimumCertifiedOfficers: z.number().int().min(1).describe('现场执法人员不少于几名持证人员（行政处罚法第四十二条；按本系统配置）') })
      .describe('本系统配置的规则数值：页面据此即时提示，服务端仍会再次校验'),
  })
  .meta({ id: 'Me' });

export const LogoutResponse = z.object({ message: z.string() }).meta({ id: 'LoggedOut' });
