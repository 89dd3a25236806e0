import { Router } from 'express';
import type { PrismaClient } from '../../../db';
import { requireRole } from '../../auth';
import { declareRoute } from '../../openapi';
import { annualReport, annualWorkbook, annualWorkbookFileName } from '../../services/reports';
import { valid } from '../../validate';
import { AnnualReportQuery, AnnualReportResponse } from './schema';

const TAG = '统计';
const ROLES = ['LEADER', 'COORDINATOR', 'ADMIN'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function reportsRouter(prisma: PrismaClient): Router {
  const router = Router();
  router.get(
    '/api/reports/annual',
    requireRole(...ROLES),
    declareRoute({
      method: 'get',
      path: '/api/reports/annual',
      tag: TAG,
      summary: '年度报告数据：统计数字与可直接粘贴的“综合查一次”段落',
      roles: [...ROLES],
      request: { query: AnnualReportQuery },
      responses: { 200: { description: '年度数字与段落', schema: AnnualReportResponse } },
    }),
    async (req, res) => {
      const { query } = valid<unknown, AnnualReportQuery>(req);
      res.json(await annualReport(prisma, query.year));
    },
  );
  router.get(
    '/api/reports/annual.xlsx',
    requireRole(...ROLES),
    declareRoute({
      method: 'get',
      path: '/api/reports/annual.xlsx',
      tag: TAG,
      summary: '导出年度台账 Excel：年度汇总、联合检查、检查对象台账、问题清单',
      description: `返回 ${XLSX} 文件。`,
      roles: [...ROLES],
      request: { query: AnnualReportQuery },
      responses: { 200: { description: 'Excel 工作簿（.xlsx）' } },
    }),
    async (req, res) => {
      const { query } = valid<unknown, AnnualReportQuery>(req);
      const file = await annualWorkbook(prisma, query.year);
      const name = annualWorkbookFileName(query.year);
      res.setHeader('Content-Type', XLSX);
      // filename* (RFC 5987) carries the Chinese name; filename is the ASCII fallback.
      res.setHeader('Content-Disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8)}`);
      res.setHeader('Cache-Control', 'no-store');
      res.send(file);
    },
  );
  return router;
}
