import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../../db';

/** Liveness and readiness: the database answers and Temporal answers. */
export function healthRouter(deps: { prisma: PrismaClient; temporal: Client }): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const checks: Record<string, 'ok' | 'error'> = {};
    try {
      await deps.prisma.department.count();
      checks.database = 'ok';
    } catch {
      checks.database = 'error';
    }
    try {
      await deps.temporal.connection.workflowService.getSystemInfo({});
      checks.temporal = 'ok';
    } catch {
      checks.temporal = 'error';
    }
    const ok = Object.values(checks).every((c) => c === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', checks });
  });
  return router;
}
