/**
 * 检查结果公示 "as configured": where the county has chosen it (PUBLISH_INSPECTION_RESULTS=on),
 * the results of closed visits are public — business, date, departments, each item's outcome,
 * findings — and nothing of any person: no officer, no contact; every free text passes the same
 * redaction and personal-data check as a published decision (domain/publicity.ts), and a text
 * that still holds personal data is withheld. Off (the default): the route says it is not open.
 */
import type { PrismaClient } from '../../db';
import { dateOfColumn } from '../../domain/dates';
import { OUTCOME_LABELS, PROPOSED_ACTION_LABELS } from '../../domain/documents';
import type { CheckOutcome, ProposedAction } from '../../domain/inspection';
import { publishableText } from '../../domain/publicity';
import { AppError } from '../errors';
import type { PublicInspectionResultsResponse } from '../routes/public-results/schema';

export function createPublicResultsService(deps: { prisma: PrismaClient; enabled: boolean }) {
  const { prisma, enabled } = deps;
  return {
    async list(options: { townshipId?: string }): Promise<PublicInspectionResultsResponse> {
      if (!enabled) throw new AppError('RESULTS_PUBLICATION_NOT_ENABLED', '本县未开通检查结果公示；行政处罚决定的公示见 /api/public/decisions');
      const rows = await prisma.jointInspection.findMany({
        where: { status: 'CLOSED', ...(options.townshipId ? { target: { townshipId: options.townshipId } } : {}) },
        include: {
          target: { include: { township: { select: { name: true } } } },
          scenario: true,
          team: true,
          checks: { orderBy: { id: 'asc' }, include: { department: true, items: { include: { checkItem: true } }, results: true } },
          findings: { include: { checkItem: true, department: true } },
        },
        orderBy: [{ closedAt: 'desc' }, { id: 'asc' }],
        take: 200,
      });
      // The team's names are masked wherever a note mentions them (officers are not published here).
      const officers = await prisma.officer.findMany({ where: { id: { in: rows.flatMap((r) => r.team.map((m) => m.officerId)) } }, select: { id: true, name: true } });
      const nameOf = new Map(officers.map((o) => [o.id, o.name]));
      return {
        items: rows.map((row) => {
          const persons = row.team.flatMap((m) => (nameOf.has(m.officerId) ? [nameOf.get(m.officerId)!] : []));
          return {
            inspectionId: row.id,
            business: row.target.name,
            creditCode: row.target.creditCode,
            township: row.target.township?.name ?? null,
            scenario: row.scenario.name,
            visitDate: dateOfColumn(row.scheduledFor),
            closedAt: (row.closedAt ?? row.updatedAt).toISOString(),
            departments: row.checks.map((check) => ({
              name: check.department.name,
              items: [...check.items]
                .sort((a, b) => a.checkItem.code.localeCompare(b.checkItem.code))
                .map(({ checkItem }) => {
                  const result = check.results.find((r) => r.checkItemId === checkItem.id);
                  return {
                    title: checkItem.title,
                    outcomeLabel: result ? OUTCOME_LABELS[result.outcome as CheckOutcome] : '未记录',
                    note: result?.note ? publishableText(result.note, persons) : null,
                  };
                }),
            })),
            findings: row.findings.map((f) => ({
              department: f.department.name,
              item: f.checkItem.title,
              facts: publishableText(f.description, persons),
              actionLabel: PROPOSED_ACTION_LABELS[f.proposedAction as ProposedAction],
            })),
          };
        }),
      };
    },
  };
}

export type PublicResultsService = ReturnType<typeof createPublicResultsService>;
