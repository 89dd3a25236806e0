import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import { ok, route } from '../../route';
import { figuresScope } from '../../services/townships';
import type { ReportService } from '../../services/reports';
import { AnnualReportQuery, AnnualReportResponse } from './schema';

const tag = '统计';
const roles: Role[] = ['LEADER', 'COORDINATOR', 'ADMIN'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function reportsRouter(service: ReportService): Router {
  const router = Router();
  route(
    router,
    {
      method: 'get',
      path: '/api/reports/annual',
      tag,
      summary: '年度报告数据：统计数字与可直接粘贴的“综合查一次”段落',
      roles,
      query: AnnualReportQuery,
      responses: ok('年度数字与段落', AnnualReportResponse),
    },
    ({ actor, query }) => service.annual(query.year, figuresScope(actor, query.townshipId)),
  );
  route(
    router,
    {
      method: 'get',
      path: '/api/reports/annual.xlsx',
      tag,
      summary: '导出年度台账 Excel：年度汇总、联合检查、检查对象台账、问题清单',
      description: `返回 ${XLSX} 文件。`,
      roles,
      query: AnnualReportQuery,
      responses: ok('Excel 工作簿（.xlsx）'),
    },
    async ({ actor, query }, res) => {
      const { file, name } = await service.workbook(query.year, figuresScope(actor, query.townshipId));
      res.setHeader('Content-Type', XLSX);
      // filename* (RFC 5987) carries the Chinese name; filename is the ASCII fallback.
      res.setHeader('Content-Disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8)}`);
      res.setHeader('Cache-Control', 'no-store');
      res.send(file);
    },
  );
  route(
    router,
    {
      method: 'get',
      path: '/api/reports/rule-of-law.docx',
      tag,
      summary: '导出年度法治政府建设情况报告（DOCX）：主要举措和成效、存在的不足、下一步工作（待填写），附表列明每个数字的统计口径',
      description: '?townshipId= 指定乡镇；县级用户不指定时汇总所辖乡镇。',
      roles,
      query: AnnualReportQuery,
      responses: ok('DOCX 文件'),
    },
    async ({ actor, query }, res) => {
      const { file, contentType, fileName } = await service.ruleOfLaw(query.year, figuresScope(actor, query.townshipId));
      res.setHeader('Content-Type', contentType);
      res.setHeader('Content-Disposition', `attachment; filename="rule-of-law-${query.year}.docx"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      res.setHeader('Cache-Control', 'no-store');
      res.send(file);
    },
  );
  return router;
}
