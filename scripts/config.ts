/**
 * Process configuration, parsed once from the environment with zod at start-up. A bad value
 * stops the process with the variable's name.
 */
import path from 'node:path';
import { z } from 'zod';
import type { NotifierConfig } from '../activities/notifier';
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
  /** Where a missed clock is escalated to the duty leader: the worker log or a webhook. */
  ESCALATION_CHANNEL: z.enum(['log', 'webhook']).default('log'),
  ESCALATION_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  ESCALATION_WEBHOOK_TIMEOUT: durationMs.default(5000),
  DUTY_LEADER_KEY: z.string().min(1).default('leader-1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = Omit<z.infer<typeof schema>, 'DATABASE_URL'> & {
  DATABASE_URL: string;
  /** ONEVISIT_DATA_DIR resolved against the project root. */
  dataDir: string;
  policy: InspectionPolicy;
  clockPolicy: ClockPolicy;
  notifier: NotifierConfig;
};

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
  if (config.ESCALATION_CHANNEL === 'webhook' && !config.ESCALATION_WEBHOOK_URL) {
    throw new Error('invalid configuration:\n  ESCALATION_WEBHOOK_URL: required when ESCALATION_CHANNEL=webhook');
  }
  const dataDir = path.resolve(ROOT, config.ONEVISIT_DATA_DIR);
  return {
    ...config,
    dataDir,
    DATABASE_URL: config.DATABASE_URL ?? `file:${path.join(dataDir, 'onevisit.db')}`,
    clockPolicy,
    notifier: {
      channel: config.ESCALATION_CHANNEL,
      webhookUrl: config.ESCALATION_WEBHOOK_URL,
      webhookTimeoutMs: config.ESCALATION_WEBHOOK_TIMEOUT,
      dutyLeaderKey: config.DUTY_LEADER_KEY,
    },
    policy: {
      minimumCertifiedOfficers: config.MIN_CERTIFIED_OFFICERS,
      checkSubmissionDeadlineMs: config.CHECK_SUBMISSION_DEADLINE,
    },
  };
}
