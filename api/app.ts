/**
 * The Express application: JSON in, JSON out, login sessions and API tokens on /api, security
 * headers (helmet: a strict Content-Security-Policy for the pages), failed authentication rate
 * limited, OpenAPI and Swagger UI from the same zod schemas that validate requests.
 */
import path from 'node:path';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Client } from '@temporalio/client';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { loadEvidenceSettings, verifyAuditChain, type EvidenceSettings, type PrismaClient } from '../db';
import type { InspectionPolicy } from '../domain/inspection';
import type { ClockPolicy } from '../domain/rapid-response';
import { authenticate, sessionCookie } from './auth';
import type { AccountPolicy } from '../domain/accounts';
import { createReadCache } from './read-cache';
import { AppError, errorHandler } from './errors';
import { openApiDocument } from './openapi';
import { methodNotAllowed } from './route';
import { adminRouter } from './routes/admin/router';
import { authRouter, tooManyRequests, type LoginLimits } from './routes/auth/router';
import { businessesRouter } from './routes/businesses/router';
import { calendarRouter } from './routes/calendar/router';
import { casesRouter } from './routes/cases/router';
import { conflictsRouter } from './routes/conflicts/router';
import { notificationsRouter } from './routes/notifications/router';
import { catalogRouter } from './routes/catalog/router';
import { dashboardRouter } from './routes/dashboard/router';
import { departmentsRouter } from './routes/departments/router';
import { documentsRouter } from './routes/documents/router';
import { rapidResponseRouter } from './routes/rapid-response/router';
import { healthRouter } from './routes/health/router';
import { inspectionsRouter } from './routes/inspections/router';
import { officersRouter } from './routes/officers/router';
import { plansRouter } from './routes/plans/router';
import { ratingsRouter } from './routes/ratings/router';
import { checkCodesRouter } from './routes/check-codes/router';
import { townshipsRouter } from './routes/townships/router';
import { createTownshipService } from './services/townships';
import { rectificationsRouter } from './routes/rectifications/router';
import { reportsRouter } from './routes/reports/router';
import { scenarioListsRouter } from './routes/scenario-lists/router';
import { countyRulesRouter } from './routes/county-rules/router';
import { statsRouter } from './routes/stats/router';
import { normativeDocumentsRouter } from './routes/normative-documents/router';
import { majorDecisionsRouter } from './routes/major-decisions/router';
import { disputesRouter } from './routes/disputes/router';
import { legalChallengesRouter } from './routes/legal-challenges/router';
import { createLegalChallengeService } from './services/legal-challenges';
import { legalPublicityRouter } from './routes/legal-publicity/router';
import { evidenceRouter } from './routes/evidence/router';
import { createEvidenceService } from './services/evidence';
import { createLegalPublicityService } from './services/legal-publicity';
import { createNormativeDocumentService } from './services/normative-documents';
import type { LegalChallengePolicy, MajorDecisionPolicy, NormativeDocumentPolicy } from '../domain/rule-of-law';
import { createDisputeService, createMajorDecisionService } from './services/rule-of-law';
import { createPolicies } from './policies';
import { createAccountService } from './services/accounts';
import { createBusinessService } from './services/businesses';
import { createCalendarService } from './services/calendar';
import { createCaseService } from './services/cases';
import { createCatalogService } from './services/catalog';
import { createConflictService } from './services/conflicts';
import { createNotificationService } from './services/notifications';
import { createDashboardService } from './services/dashboard';
import { createDocumentService } from './services/documents';
import { createInspectionRecordService } from './services/inspection-records';
import { inspectionRecordsRouter } from './routes/inspection-records/router';
import type { RecordSignaturePolicy } from '../domain/inspection-record';
import { createPublicResultsService } from './services/public-results';
import { publicResultsRouter } from './routes/public-results/router';
import { parsePublishInspectionResults } from '../domain/publicity';
import { createRapidResponseService } from './services/rapid-response';
import { createInspectionService } from './services/inspections';
import { createOnTheSpotService } from './services/on-the-spot';
import { onTheSpotRouter } from './routes/on-the-spot/router';
import { createOfficerService } from './services/officers';
import { createPlanService } from './services/plans';
import { createRatingService } from './services/ratings';
import { createCheckCodeService, type CheckCodeSettings } from './services/check-codes';
import { createRectificationService } from './services/rectifications';
import { createReportService } from './services/reports';
import { createScenarioListService } from './services/scenario-lists';
import { createCountyRuleService } from './services/county-rules';
import { createStatsService } from './services/stats';
import type { SimpleProcedurePolicy } from '../domain/simple-procedure';

// Validation messages are shown to people: Chinese.
z.config(z.locales.zhCN());

/** The URL with the one-time token of a rating link replaced, fit for a log line. */
export function redactTokenUrl(url: string | undefined): string | undefined {
  return url?.replace(/\/(rate|ratings|check|check-codes)\/[^/?#]+/, '/$1/[redacted]');
}

export interface AppDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  policy: InspectionPolicy;
  /** "532" clock durations for new events; the domain defaults when absent. */
  clockPolicy?: ClockPolicy;
  logger: Logger;
  /** The app database's URL: with a SQLite file, unchanged reads are answered from memory (api/read-cache.ts). */
  databaseUrl?: string;
  /** How old the year's figures (/api/stats) may be while records keep changing; 0 = always current. */
  statsMaxAgeMs?: number;
  /** Passwords, lockout, session timeouts, second factor (domain/accounts.ts defaults). */
  accountPolicy?: AccountPolicy;
  /** Session cookies only over HTTPS (Secure, __Host- prefix): on in production. */
  secureCookies?: boolean;
  loginLimits?: LoginLimits;
  /** Requests with a wrong token or session answered per address and minute before 429. */
  authFailuresPerMinute?: number;
  /** Express "trust proxy": how many proxies in front (X-Forwarded-For), so limits count the real address. */
  trustProxy?: number | boolean;
  /** CERTIFICATE_WARNING_DAYS: how close to its last day a 执法证 is listed as expiring (domain/officers.ts default). */
  certificateWarningDays?: number;
  /** 检查码: the token's secret, its margin after the visit's day, the QR's address, where to report (api/services/check-codes.ts). */
  checkCode?: CheckCodeSettings;
  /** JOIN_WINDOW_DAYS: a second direct visit of a business this many calendar days either side of a scheduled one is refused (domain/scheduling.ts default). */
  joinWindowDays?: number;
  /** §51 limits and the §52 filing term of the simple procedure on the spot (domain/simple-procedure.ts defaults). */
  simpleProcedure?: SimpleProcedurePolicy;
  /** NORMATIVE_REVIEW_WORKING_DAYS, NORMATIVE_FILING_DAYS (domain/rule-of-law.ts defaults). */
  normativeDocumentPolicy?: NormativeDocumentPolicy;
  /** MAJOR_PROJECT_THRESHOLD, MAJOR_FUNDS_THRESHOLD, MAJOR_QUORUM_SHARE (domain/rule-of-law.ts defaults). */
  majorDecisionPolicy?: MajorDecisionPolicy;
  /** The 行政复议 / 行政诉讼 terms (domain/rule-of-law.ts DEFAULT_LEGAL_CHALLENGE_POLICY, with their articles). */
  legalChallengePolicy?: LegalChallengePolicy;
  /** Evidence files: the store (EVIDENCE_STORAGE=local|s3) and the size and distance limits; from the environment when absent. */
  evidence?: EvidenceSettings;
  /** The drawn signatures on the 现场检查笔录: bytes and pixels (domain/inspection-record.ts defaults). */
  recordSignaturePolicy?: RecordSignaturePolicy;
  /** 检查结果公示 (the county's choice; PUBLISH_INSPECTION_RESULTS=on|off, off by default). */
  publishInspectionResults?: boolean;
}

/** The pages' Content-Security-Policy: their own scripts, styles and data, nothing inline, never framed. */
const PAGE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  // blob: the workbench shows a photo kept on the phone (not yet uploaded) from an object URL.
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  // Vant's icon font is inlined in its stylesheet as a data: URL (and so works offline).
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Under a steady stream of writes the figures would be recounted for nearly every request;
 * a second's delay is invisible on a leader's screen and keeps the count off the busy path.
 */
export const DEFAULT_STATS_MAX_AGE_MS = 1_000;

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  // Swagger UI's page carries an inline style; every other page follows the strict policy.
  const pageHeaders = helmet({ contentSecurityPolicy: { useDefaults: false, directives: PAGE_CSP } });
  const docsHeaders = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { ...PAGE_CSP, styleSrc: ["'self'", "'unsafe-inline'"] } } });
  app.use((req, res, next) => (req.path.startsWith('/docs') ? docsHeaders : pageHeaders)(req, res, next));
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      // Tokens are credentials: never write them to the log — neither bearer tokens nor the
      // one-time rating links, whose token is part of the URL.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
      serializers: { req: (req: { url?: string }) => ({ ...req, url: redactTokenUrl(req.url) }) },
    }),
  );
  app.use(express.json({ limit: '1mb' }));
  app.use(cookieParser());

  const readCache = createReadCache(deps.databaseUrl);
  const accounts = createAccountService({ prisma: deps.prisma, accountPolicy: deps.accountPolicy });
  const secureCookies = deps.secureCookies ?? process.env.NODE_ENV === 'production';
  const authenticateOfficer = authenticate(deps.prisma, { readCache, accounts, cookieName: sessionCookie(secureCookies).name });
  // Guessing tokens or session cookies: after this many failures a minute, an address waits.
  const authFailures = rateLimit({
    windowMs: 60_000,
    limit: deps.authFailuresPerMinute ?? 300,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    skipSuccessfulRequests: true,
    handler: tooManyRequests,
  });
  // Every service once, here; the routers only translate HTTP to them.
  const evidence = deps.evidence ?? loadEvidenceSettings(process.env, path.resolve(__dirname, '..', process.env.ONEVISIT_DATA_DIR ?? '.data'));
  // The check-in's place is flagged by the evidence's distance limit: one setting, one rule.
  const inspections = createInspectionService({ ...deps, readCache, maxDistanceMeters: evidence.policy.maxDistanceMeters });
  const cases = createCaseService(deps);
  const ratings = createRatingService(deps.prisma);
  const services = {
    inspections,
    events: createRapidResponseService({ ...deps, inspections }),
    plans: createPlanService(deps),
    cases,
    rectifications: createRectificationService(deps),
    documents: createDocumentService(deps),
    inspectionRecords: createInspectionRecordService({ prisma: deps.prisma, signaturePolicy: deps.recordSignaturePolicy }),
    publicResults: createPublicResultsService({
      prisma: deps.prisma,
      enabled: deps.publishInspectionResults ?? parsePublishInspectionResults(process.env.PUBLISH_INSPECTION_RESULTS),
    }),
    onTheSpot: createOnTheSpotService(deps),
    catalog: createCatalogService(deps.prisma),
    businesses: createBusinessService(deps),
    scenarioLists: createScenarioListService(deps),
    countyRules: createCountyRuleService(deps),
    stats: createStatsService({ prisma: deps.prisma, readCache, maxAgeMs: deps.statsMaxAgeMs ?? DEFAULT_STATS_MAX_AGE_MS }),
    calendar: createCalendarService(deps),
    reports: createReportService(deps.prisma),
    ratings,
    checkCodes: createCheckCodeService({ prisma: deps.prisma, ratings, settings: deps.checkCode }),
    dashboard: createDashboardService({ prisma: deps.prisma, inspections }),
    townships: createTownshipService(deps),
    officers: createOfficerService({ prisma: deps.prisma, certificateWarningDays: deps.certificateWarningDays }),
    conflicts: createConflictService({ prisma: deps.prisma, onUpheld: (conflict) => cases.withdrawFromCases(conflict) }),
    notifications: createNotificationService({ prisma: deps.prisma }),
    normativeDocuments: createNormativeDocumentService(deps),
    majorDecisions: createMajorDecisionService({ ...deps, caseCollectiveUpdate: cases.collectiveDecision }),
    disputes: createDisputeService(deps),
    legalChallenges: createLegalChallengeService({ prisma: deps.prisma, cases, legalChallengePolicy: deps.legalChallengePolicy }),
    legalPublicity: createLegalPublicityService(deps),
    evidence: createEvidenceService({ prisma: deps.prisma, ...evidence }),
  };
  const policies = createPolicies({ prisma: deps.prisma, readCache });

  app.use(healthRouter(deps));
  const api = express.Router();
  api.use('/api', (req, res, next) => {
    // The OpenAPI document, the public records (双随机、一公开) and the login itself need no token.
    if (req.path === '/openapi.json' || req.path.startsWith('/public/') || req.path === '/auth/login') return next();
    return authFailures(req, res, (error?: unknown) => (error ? next(error) : authenticateOfficer(req, res, next)));
  });
  api.use(methodNotAllowed());
  api.use(authRouter(accounts, { secureCookies, limits: deps.loginLimits, policy: deps.policy }));
  api.use(adminRouter(accounts, { verify: () => verifyAuditChain(deps.prisma) }));
  api.use(townshipsRouter(services.townships));
  api.use(officersRouter(services.officers));
  api.use(conflictsRouter(services.conflicts));
  api.use(notificationsRouter(services.notifications));
  // The order of the routers is the order of the OpenAPI document; access no longer depends on it.
  api.use(rapidResponseRouter(services.events, policies));
  api.use(inspectionsRouter(services.inspections, policies));
  api.use(plansRouter(services.plans, policies));
  api.use(casesRouter(services.cases, policies, (options) => services.majorDecisions.caseCollectiveDecision(options)));
  api.use(rectificationsRouter(services.rectifications, policies));
  api.use(departmentsRouter(services.inspections, policies));
  api.use(documentsRouter(services.documents, policies));
  api.use(inspectionRecordsRouter(services.inspectionRecords, policies));
  api.use(publicResultsRouter(services.publicResults));
  api.use(onTheSpotRouter(services.onTheSpot, policies));
  api.use(catalogRouter(services.catalog));
  api.use(businessesRouter(services.businesses));
  api.use(scenarioListsRouter(services.scenarioLists));
  api.use(countyRulesRouter(services.countyRules));
  api.use(statsRouter(services.stats));
  api.use(calendarRouter(services.calendar));
  api.use(reportsRouter(services.reports));
  api.use(ratingsRouter(services.ratings, policies));
  api.use(checkCodesRouter(services.checkCodes, policies));
  api.use(normativeDocumentsRouter(services.normativeDocuments, policies));
  api.use(majorDecisionsRouter(services.majorDecisions, policies));
  api.use(disputesRouter(services.disputes, policies));
  api.use(legalChallengesRouter(services.legalChallenges, policies));
  api.use(legalPublicityRouter(services.legalPublicity, policies));
  api.use(evidenceRouter(services.evidence, policies));
  api.use(dashboardRouter(services.dashboard));
  app.use(api);

  const document = openApiDocument();
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  // The leaders' dashboard is the workbench's 看板 now (web/src/views/Dashboard.vue, with the
  // session's login instead of a pasted token): old bookmarks land there.
  app.get(/^\/dashboard(\/.*)?$/, (_req, res) => res.redirect(301, '/app/#/dashboard'));
  // The business's one-time rating page (满意度), no login: its own files, and for
  // /rate/<token> the same page (it reads the token from its address and asks the public API).
  app.use('/rate', express.static(path.join(__dirname, 'rating'), { index: false }), (req, res, next) => {
    if (req.method !== 'GET' || !/^\/[A-Za-z0-9_-]{43}$/.test(req.path)) return next();
    // The token is in the address: keep it out of caches and of Referer headers.
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    res.sendFile(path.join(__dirname, 'rating', 'index.html'));
  });
  // The business's 检查码 page (亮码检查), no login: /check/<token> is the same page, which reads
  // the token from its address and asks the public API.
  app.use('/check', express.static(path.join(__dirname, 'check'), { index: false }), (req, res, next) => {
    if (req.method !== 'GET' || !/^\/[A-Za-z0-9_.-]{1,400}$/.test(req.path)) return next();
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    res.sendFile(path.join(__dirname, 'check', 'index.html'));
  });
  // The workbench (web/, Vue + Vant): built into web/dist by `npm install`. The shell and the
  // service worker are revalidated on every load so a phone picks up a new build; the hashed
  // assets never change under their name. Compressed — brotli or gzip as the phone accepts, by
  // the Express team's `compression` middleware — because on a village's weak signal the bytes
  // are the wait: #14's bar is < 250 KB of compressed JavaScript for the inspector's page and
  // interactive in < 2 s (npm run bench:web-load, BENCHMARKS.md).
  const workbench = path.resolve(__dirname, '../web/dist');
  app.use(
    '/app',
    compression(),
    express.static(workbench, {
      setHeaders: (res, file) => {
        const immutable = file.includes(`${path.sep}assets${path.sep}`);
        res.set('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
    (req, res, next) => {
      if (req.method !== 'GET' || req.path !== '/') return next();
      res.status(503).type('text/plain; charset=utf-8').send('工作台尚未构建：请在项目目录运行 npm run build:web');
    },
  );
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(undefined, { swaggerUrl: '/api/openapi.json', customSiteTitle: 'onevisit API' }));

  app.use((req, _res, next) => next(new AppError('NOT_FOUND', `没有这个接口：${req.method} ${req.path}`)));
  app.use(errorHandler);
  return app;
}
