/**
 * Process configuration, parsed once from the environment with zod at start-up. A bad value
 * stops the process with the variable's name.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';
import type { NotifierConfig } from '../activities/notifier';
import { DEFAULT_WORKFLOW_CACHE_SIZE } from '../activities/worker-settings';
import { DEFAULT_ACCOUNT_POLICY, type AccountPolicy } from '../domain/accounts';
import { DEFAULT_CERTIFICATE_WARNING_DAYS } from '../domain/officers';
import { DEFAULT_JOIN_WINDOW_DAYS } from '../domain/scheduling';
import { DEFAULT_CHECK_CODE_MARGIN_MS } from '../domain/check-code';
import type { CheckCodeSettings } from '../api/services/check-codes';
import { DEFAULT_SIMPLE_PROCEDURE_POLICY } from '../domain/simple-procedure';
import { DEFAULT_LEGAL_CHALLENGE_POLICY, DEFAULT_MAJOR_DECISION_POLICY, DEFAULT_NORMATIVE_DOCUMENT_POLICY } from '../domain/rule-of-law';
import { DEFAULT_INSPECTION_POLICY, type InspectionPolicy } from '../domain/inspection';
import { DEFAULT_CLOCK_POLICY, clockPolicyProblems, type ClockPolicy } from '../domain/rapid-response';

const durationMs = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 500ms, 30s, 15m, 8h or 2d')
  .transform((value) => {
    const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(value)!;
    const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms'];
    return Number(amount) * factor;
  });

const ROOT = path.resolve(__dirname, '..');

const schema = z.object({
  /** Where `npm start` keeps its state (app database, Temporal database, demo tokens, pid file). */
  ONEVISIT_DATA_DIR: z.string().min(1).default('.data'),
  /** Defaults to onevisit.db in ONEVISIT_DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('onevisit'),
  // Workflows a worker keeps in memory between tasks (activities/worker.ts; BENCHMARKS.md).
  WORKFLOW_CACHE_SIZE: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_WORKFLOW_CACHE_SIZE),
  /**
   * A production cluster's connection (with TEMPORAL_ADDRESS only): TLS on (also implied by any
   * of the files or the API key), the server's CA, the client's certificate and key (mutual
   * TLS, PEM files), the server name to expect, an API key (Temporal Cloud).
   */
  TEMPORAL_TLS: z.enum(['true', 'false', '1', '0']).optional(),
  TEMPORAL_TLS_CA: z.string().min(1).optional(),
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_DEV_PORT: z.coerce.number().int().default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
  /**
   * 行政处罚法 §42: at least two officers with enforcement certificates. The one setting of the
   * minimum: check-in, cases (casePolicyFor), documents and the planner's teams all read it.
   */
  MIN_CERTIFIED_OFFICERS: z.coerce.number().int().min(1).default(DEFAULT_INSPECTION_POLICY.minimumCertifiedOfficers),
  /** How long after check-in each department has to submit before it is escalated. */
  CHECK_SUBMISSION_DEADLINE: durationMs.default(DEFAULT_INSPECTION_POLICY.checkSubmissionDeadlineMs),
  /** "532" rapid response: each clock runs from the grid worker's report. */
  CLOCK_DISPATCH: durationMs.default(DEFAULT_CLOCK_POLICY.dispatchMs),
  CLOCK_ON_SITE: durationMs.default(DEFAULT_CLOCK_POLICY.onSiteMs),
  CLOCK_FEEDBACK: durationMs.default(DEFAULT_CLOCK_POLICY.feedbackMs),
  /**
   * The one channel of the 532 escalations and every notification (activities/notifier.ts): the
   * worker log or a webhook (企业微信/钉钉/SMS gateways). The ESCALATION_* names are the older
   * names of the same settings; a NOTIFIER_* value wins.
   */
  NOTIFIER_CHANNEL: z.enum(['log', 'webhook']).optional(),
  NOTIFIER_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  NOTIFIER_WEBHOOK_TIMEOUT: durationMs.optional(),
  ESCALATION_CHANNEL: z.enum(['log', 'webhook']).default('log'),
  ESCALATION_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  ESCALATION_WEBHOOK_TIMEOUT: durationMs.default(5000),
  DUTY_LEADER_KEY: z.string().min(1).default('leader-1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Login (domain/accounts.ts): failures before the lock, its length, session idle and absolute timeouts. */
  LOGIN_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(DEFAULT_ACCOUNT_POLICY.lockoutThreshold),
  LOGIN_LOCKOUT: durationMs.default(DEFAULT_ACCOUNT_POLICY.lockoutMs),
  SESSION_IDLE_TIMEOUT: durationMs.default(DEFAULT_ACCOUNT_POLICY.idleTimeoutMs),
  SESSION_MAX_AGE: durationMs.default(DEFAULT_ACCOUNT_POLICY.absoluteTimeoutMs),
  /** A second factor for every role, not only ADMIN, LEGAL_REVIEWER and LEADER. */
  SECOND_FACTOR_FOR_ALL: z.enum(['true', 'false']).default('false'),
  /** Session cookies only over HTTPS; defaults to on when NODE_ENV=production. */
  SESSION_COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /**
   * The demo county (invented officers and businesses, demo logins) on an empty database; on by
   * default except when NODE_ENV=production. It never lands on a database with data of its own.
   */
  DEMO_DATA: z.enum(['true', 'false']).optional(),
  /** How many days before an enforcement certificate (执法证) expires its holder and the ADMIN are warned. */
  CERTIFICATE_WARNING_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_CERTIFICATE_WARNING_DAYS),
  /** 拼团: calendar days either side of a scheduled visit inside which a second direct visit of the same business is refused (join it instead). */
  JOIN_WINDOW_DAYS: z.coerce.number().int().min(0).max(90).default(DEFAULT_JOIN_WINDOW_DAYS),
  /**
   * 检查码 (亮码检查): the HMAC key of the visit codes (≥ 32 characters; required for the codes in
   * production, a fixed development key otherwise), how long after the end of the visit's day a
   * code still opens it, the public address the QR points to, and where the page tells a
   * business to report an unregistered inspection.
   */
  CHECK_CODE_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'at least 32 characters').optional()),
  CHECK_CODE_MARGIN: durationMs.default(DEFAULT_CHECK_CODE_MARGIN_MS),
  CHECK_CODE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  CHECK_CODE_REPORT_HINT: z.string().min(1).optional(),
  /** 行政处罚法 §51: the largest fine on the spot for a natural person (公民, incl. 个体工商户), yuan. */
  ON_THE_SPOT_MAX_FINE_PERSON: z.coerce.number().positive().max(200).default(DEFAULT_SIMPLE_PROCEDURE_POLICY.maxFineNaturalPerson),
  /** §51: the largest fine on the spot for a legal person or other organisation, yuan. */
  ON_THE_SPOT_MAX_FINE_ORGANISATION: z.coerce.number().positive().max(3000).default(DEFAULT_SIMPLE_PROCEDURE_POLICY.maxFineOrganisation),
  /** §52: working days from an on-the-spot decision to its filing (备案) with the organ. */
  ON_THE_SPOT_FILING_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(DEFAULT_SIMPLE_PROCEDURE_POLICY.filingDueWorkingDays),
  /** 规范性文件: legality review term in working days (国办发〔2018〕115号: at most 15) and filing days after publication (configurable default 15). */
  NORMATIVE_REVIEW_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(DEFAULT_NORMATIVE_DOCUMENT_POLICY.reviewWorkingDays),
  NORMATIVE_FILING_DAYS: z.coerce.number().int().min(1).max(90).default(DEFAULT_NORMATIVE_DOCUMENT_POLICY.filingDays),
  /** 三重一大: yuan from which a project or a spending is a major decision; share of members for a quorum. */
  MAJOR_PROJECT_THRESHOLD: z.coerce.number().min(0).default(DEFAULT_MAJOR_DECISION_POLICY.projectThreshold),
  MAJOR_FUNDS_THRESHOLD: z.coerce.number().min(0).default(DEFAULT_MAJOR_DECISION_POLICY.fundsThreshold),
  MAJOR_QUORUM_SHARE: z.coerce.number().gt(0).max(1).default(DEFAULT_MAJOR_DECISION_POLICY.quorumShare),
  /** 行政复议法 (2023) §20 application days, §48/§88 answer working days, §62 decision days and extension; 行政诉讼法 §46 filing months, §67 answer days, §81 judgment months. */
  CHALLENGE_RECONSIDERATION_APPLICATION_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_LEGAL_CHALLENGE_POLICY.reconsiderationApplicationDays),
  CHALLENGE_RECONSIDERATION_ANSWER_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(DEFAULT_LEGAL_CHALLENGE_POLICY.reconsiderationAnswerWorkingDays),
  CHALLENGE_RECONSIDERATION_DECISION_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_LEGAL_CHALLENGE_POLICY.reconsiderationDecisionDays),
  CHALLENGE_RECONSIDERATION_EXTENSION_DAYS: z.coerce.number().int().min(0).max(365).default(DEFAULT_LEGAL_CHALLENGE_POLICY.reconsiderationExtensionDays),
  CHALLENGE_LITIGATION_FILING_MONTHS: z.coerce.number().int().min(1).max(240).default(DEFAULT_LEGAL_CHALLENGE_POLICY.litigationFilingMonths),
  CHALLENGE_LITIGATION_ANSWER_DAYS: z.coerce.number().int().min(1).max(90).default(DEFAULT_LEGAL_CHALLENGE_POLICY.litigationAnswerDays),
  CHALLENGE_LITIGATION_JUDGMENT_MONTHS: z.coerce.number().int().min(1).max(60).default(DEFAULT_LEGAL_CHALLENGE_POLICY.litigationJudgmentMonths),
  /** Proxies in front of the API (the docker gateway: 1), so rate limits see the client's address. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
});

/** How the API and the worker connect to the cluster: the SDK's own options, the same for both. */
export interface TemporalConnectionOptions {
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

export type AppConfig = Omit<z.infer<typeof schema>, 'DATABASE_URL' | 'TEMPORAL_API_KEY' | 'CHECK_CODE_SECRET'> & {
  checkCode: CheckCodeSettings;
  DATABASE_URL: string;
  /** ONEVISIT_DATA_DIR resolved against the project root. */
  dataDir: string;
  policy: InspectionPolicy;
  clockPolicy: ClockPolicy;
  notifier: NotifierConfig;
  temporalConnection: TemporalConnectionOptions;
  accountPolicy: AccountPolicy;
  secureCookies: boolean;
  demoData: boolean;
};

function readPem(variable: string, file: string | undefined): Buffer | undefined {
  if (file === undefined) return undefined;
  try {
    return fs.readFileSync(path.resolve(file));
  } catch (error) {
    throw new Error(`invalid configuration:\n  ${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function temporalConnectionFrom(config: z.infer<typeof schema>): TemporalConnectionOptions {
  const { TEMPORAL_TLS_CA: ca, TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key, TEMPORAL_TLS_SERVER_NAME: serverName, TEMPORAL_API_KEY: apiKey } = config;
  const tlsAsked = config.TEMPORAL_TLS === 'true' || config.TEMPORAL_TLS === '1';
  const anyTls = tlsAsked || [ca, cert, key, serverName, apiKey].some((v) => v !== undefined);
  if (!anyTls) return {};
  if (!config.TEMPORAL_ADDRESS) {
    throw new Error('invalid configuration:\n  TEMPORAL_TLS/TEMPORAL_API_KEY: only with TEMPORAL_ADDRESS (the local dev server has no TLS)');
  }
  if ((cert === undefined) !== (key === undefined)) {
    throw new Error('invalid configuration:\n  TEMPORAL_TLS_CERT/TEMPORAL_TLS_KEY: give both (the client certificate and its key) or neither');
  }
  if (config.TEMPORAL_TLS === 'false' || config.TEMPORAL_TLS === '0') {
    throw new Error('invalid configuration:\n  TEMPORAL_TLS: false, but TLS files or an API key are set');
  }
  const tls: TLSConfig = {
    serverRootCACertificate: readPem('TEMPORAL_TLS_CA', ca),
    serverNameOverride: serverName,
    clientCertPair: cert && key ? { crt: readPem('TEMPORAL_TLS_CERT', cert)!, key: readPem('TEMPORAL_TLS_KEY', key)! } : undefined,
  };
  return { tls, ...(apiKey ? { apiKey } : {}) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${problems}`);
  }
  const config = parsed.data;
  const clockPolicy: ClockPolicy = {
    dispatchMs: config.CLOCK_DISPATCH,
    onSiteMs: config.CLOCK_ON_SITE,
    feedbackMs: config.CLOCK_FEEDBACK,
  };
  const problems = clockPolicyProblems(clockPolicy);
  if (problems.length > 0) {
    throw new Error(`invalid configuration:\n  CLOCK_DISPATCH/CLOCK_ON_SITE/CLOCK_FEEDBACK: ${problems.join('; ')}`);
  }
  const channel = config.NOTIFIER_CHANNEL ?? config.ESCALATION_CHANNEL;
  const webhookUrl = config.NOTIFIER_WEBHOOK_URL ?? config.ESCALATION_WEBHOOK_URL;
  if (channel === 'webhook' && !webhookUrl) {
    throw new Error('invalid configuration:\n  NOTIFIER_WEBHOOK_URL: required when NOTIFIER_CHANNEL=webhook (or ESCALATION_CHANNEL=webhook)');
  }
  const dataDir = path.resolve(ROOT, config.ONEVISIT_DATA_DIR);
  const temporalConnection = temporalConnectionFrom(config);
  const { TEMPORAL_API_KEY: _secret, CHECK_CODE_SECRET: checkCodeSecret, ...settings } = config;
  return {
    ...settings,
    checkCode: {
      // Without a key in production the codes are off (503), never signed with the development key.
      secret: checkCodeSecret ?? (env.NODE_ENV === 'production' ? null : undefined),
      marginMs: config.CHECK_CODE_MARGIN,
      publicBaseUrl: config.CHECK_CODE_BASE_URL,
      reportHint: config.CHECK_CODE_REPORT_HINT,
    },
    temporalConnection,
    dataDir,
    DATABASE_URL: config.DATABASE_URL ?? `file:${path.join(dataDir, 'onevisit.db')}`,
    clockPolicy,
    notifier: {
      channel,
      webhookUrl,
      webhookTimeoutMs: config.NOTIFIER_WEBHOOK_TIMEOUT ?? config.ESCALATION_WEBHOOK_TIMEOUT,
      dutyLeaderKey: config.DUTY_LEADER_KEY,
    },
    accountPolicy: {
      ...DEFAULT_ACCOUNT_POLICY,
      lockoutThreshold: config.LOGIN_LOCKOUT_THRESHOLD,
      lockoutMs: config.LOGIN_LOCKOUT,
      idleTimeoutMs: config.SESSION_IDLE_TIMEOUT,
      absoluteTimeoutMs: config.SESSION_MAX_AGE,
      secondFactorForAll: config.SECOND_FACTOR_FOR_ALL === 'true',
    },
    secureCookies: config.SESSION_COOKIE_SECURE ? config.SESSION_COOKIE_SECURE === 'true' : env.NODE_ENV === 'production',
    demoData: config.DEMO_DATA ? config.DEMO_DATA === 'true' : env.NODE_ENV !== 'production',
    policy: {
      minimumCertifiedOfficers: config.MIN_CERTIFIED_OFFICERS,
      checkSubmissionDeadlineMs: config.CHECK_SUBMISSION_DEADLINE,
    },
  };
}
