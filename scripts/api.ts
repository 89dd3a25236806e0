/** The API process: Express on PORT, talking to Temporal as a client and reading the database. */
import type { Server } from 'node:http';
import pino from 'pino';
import type { SimpleProcedurePolicy } from '../domain/simple-procedure';
import { DEFAULT_MAJOR_DECISION_POLICY, type LegalChallengePolicy, type MajorDecisionPolicy, type NormativeDocumentPolicy } from '../domain/rule-of-law';
import { createPrismaClient } from '../db';
import { ensureCertificateExpirySchedule, ensureMonthlyPlanningSchedule } from '../api/schedules';
import { DEFAULT_FREQUENCY_CAPS, DEFAULT_TEAM_CAPACITY } from '../domain/planning';
import { createApp } from '../api/app';
import type { CheckCodeSettings } from '../api/services/check-codes';
import { connectEngine } from '../api/engine';
import type { AccountPolicy } from '../domain/accounts';
import type { InspectionPolicy } from '../domain/inspection';
import type { ClockPolicy } from '../domain/rapid-response';
import { loadConfig, type TemporalConnectionOptions } from './config';
import { describePortHolder } from './processes';

/** The API could not listen (e.g. its port is taken); the message names the port and its holder. */
export class ApiStartError extends Error {}

/** The API's options from the parsed configuration, with the engine's address. */
export function apiOptionsFrom(config: ReturnType<typeof loadConfig>, address: string): Parameters<typeof startApi>[0] {
  return {
    address,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    databaseUrl: config.DATABASE_URL,
    port: config.PORT,
    host: config.HOST,
    policy: config.policy,
    clockPolicy: config.clockPolicy,
    logLevel: config.LOG_LEVEL,
    accountPolicy: config.accountPolicy,
    secureCookies: config.secureCookies,
    trustProxy: config.TRUST_PROXY,
    certificateWarningDays: config.CERTIFICATE_WARNING_DAYS,
    joinWindowDays: config.JOIN_WINDOW_DAYS,
    checkCode: config.checkCode,
    simpleProcedure: {
      maxFineNaturalPerson: config.ON_THE_SPOT_MAX_FINE_PERSON,
      maxFineOrganisation: config.ON_THE_SPOT_MAX_FINE_ORGANISATION,
      filingDueWorkingDays: config.ON_THE_SPOT_FILING_WORKING_DAYS,
    },
    normativeDocumentPolicy: { reviewWorkingDays: config.NORMATIVE_REVIEW_WORKING_DAYS, filingDays: config.NORMATIVE_FILING_DAYS },
    majorDecisionPolicy: {
      ...DEFAULT_MAJOR_DECISION_POLICY,
      projectThreshold: config.MAJOR_PROJECT_THRESHOLD,
      fundsThreshold: config.MAJOR_FUNDS_THRESHOLD,
      quorumShare: config.MAJOR_QUORUM_SHARE,
    },
    legalChallengePolicy: {
      reconsiderationApplicationDays: config.CHALLENGE_RECONSIDERATION_APPLICATION_DAYS,
      reconsiderationAnswerWorkingDays: config.CHALLENGE_RECONSIDERATION_ANSWER_WORKING_DAYS,
      reconsiderationDecisionDays: config.CHALLENGE_RECONSIDERATION_DECISION_DAYS,
      reconsiderationExtensionDays: config.CHALLENGE_RECONSIDERATION_EXTENSION_DAYS,
      litigationFilingMonths: config.CHALLENGE_LITIGATION_FILING_MONTHS,
      litigationAnswerDays: config.CHALLENGE_LITIGATION_ANSWER_DAYS,
      litigationJudgmentMonths: config.CHALLENGE_LITIGATION_JUDGMENT_MONTHS,
    },
    // Only for the cluster TEMPORAL_ADDRESS names; `npm start`'s own dev server has no TLS.
    ...(address === config.TEMPORAL_ADDRESS ? config.temporalConnection : {}),
  };
}

export async function startApi(options: {
  address: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  port: number;
  host: string;
  policy: InspectionPolicy;
  clockPolicy?: ClockPolicy;
  logLevel: string;
  accountPolicy?: AccountPolicy;
  secureCookies?: boolean;
  trustProxy?: number;
  certificateWarningDays?: number;
  joinWindowDays?: number;
  checkCode?: CheckCodeSettings;
  simpleProcedure?: SimpleProcedurePolicy;
  normativeDocumentPolicy?: NormativeDocumentPolicy;
  majorDecisionPolicy?: MajorDecisionPolicy;
  legalChallengePolicy?: LegalChallengePolicy;
  tls?: TemporalConnectionOptions['tls'];
  apiKey?: string;
  /** Failed authentications per address and minute before 429 (api/app.ts default when absent). */
  authFailuresPerMinute?: number;
}): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const { client: temporal, connection } = await connectEngine(options);
  const prisma = createPrismaClient(options.databaseUrl);
  const logger = pino({ level: options.logLevel });
  const app = createApp({
    prisma,
    databaseUrl: options.databaseUrl,
    temporal,
    taskQueue: options.taskQueue,
    policy: options.policy,
    clockPolicy: options.clockPolicy,
    logger,
    accountPolicy: options.accountPolicy,
    secureCookies: options.secureCookies,
    trustProxy: options.trustProxy,
    certificateWarningDays: options.certificateWarningDays,
    joinWindowDays: options.joinWindowDays,
    checkCode: options.checkCode,
    simpleProcedure: options.simpleProcedure,
    normativeDocumentPolicy: options.normativeDocumentPolicy,
    majorDecisionPolicy: options.majorDecisionPolicy,
    legalChallengePolicy: options.legalChallengePolicy,
    authFailuresPerMinute: options.authFailuresPerMinute,
  });
  // The recurring planning runs on a Temporal Schedule; created once, kept across restarts.
  try {
    const schedule = await ensureMonthlyPlanningSchedule(temporal, {
      taskQueue: options.taskQueue,
      input: { caps: DEFAULT_FREQUENCY_CAPS, capacity: DEFAULT_TEAM_CAPACITY, policy: options.policy },
    });
    logger.info(schedule, schedule.created ? 'monthly planning schedule created' : 'monthly planning schedule exists');
  } catch (error) {
    // A server without Schedules (e.g. the time-skipping test server) still serves the API.
    logger.warn({ err: error }, 'could not create the monthly planning schedule');
  }
  try {
    const schedule = await ensureCertificateExpirySchedule(temporal, {
      taskQueue: options.taskQueue,
      input: { warningDays: options.certificateWarningDays },
    });
    logger.info(schedule, schedule.created ? 'certificate expiry schedule created' : 'certificate expiry schedule exists');
  } catch (error) {
    logger.warn({ err: error }, 'could not create the certificate expiry schedule');
  }
  const server = await new Promise<Server>((resolve, reject) => {
    // Express 5 calls the listen callback with the error when listening fails.
    const s = app.listen(options.port, options.host, (error?: NodeJS.ErrnoException) => {
      if (!error) return resolve(s);
      void connection.close();
      void prisma.$disconnect();
      reject(
        error.code === 'EADDRINUSE'
          ? new ApiStartError(`cannot start the API: port ${options.port} is in use by ${describePortHolder(options.port)}; set PORT to another port`)
          : error,
      );
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
      await prisma.$disconnect();
    },
  };
}

if (require.main === module) {
  const config = loadConfig();
  startApi(apiOptionsFrom(config, config.TEMPORAL_ADDRESS ?? 'localhost:7233'))
    .then(({ port }) => console.log(`onevisit API listening on :${port}`))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
