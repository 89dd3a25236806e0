/**
 * What the dashboard needs beyond the year's figures: who is looking (to greet them and pick
 * their view) and the coordinator's day — visits still to make, with their teams, and every
 * department's open worklist (the same departmentTasks the departments themselves see).
 */
import { inspectionsWithin, type AuthenticatedOfficer, type PrismaClient } from '../../db';
import { ROLE_LABELS } from '../../domain/roles';
import type { InspectionService } from './inspections';
import { chinaDate, dateOfColumn } from '../../domain/dates';

const UPCOMING_LIMIT = 50;

export function createDashboardService(deps: { prisma: PrismaClient; inspections: InspectionService }) {
  const { prisma, inspections } = deps;
  return {
    viewer(actor: AuthenticatedOfficer) {
      return {
        name: actor.name,
        departmentCode: actor.departmentCode,
        roles: actor.roles,
        roleLabels: actor.roles.map((r) => ROLE_LABELS[r]),
      };
    },

    async coordinatorView(options: { actor: AuthenticatedOfficer; now?: Date }) {
      const today = chinaDate((options.now ?? new Date()).toISOString());
      // Every visit not yet made, oldest first: one whose date has passed without a check-in
      // is exactly what the coordinator must chase, so it is listed (flagged), not hidden.
      const scheduled = await prisma.jointInspection.findMany({
        where: { status: 'SCHEDULED', ...inspectionsWithin(options.actor.townships) },
        orderBy: [{ scheduledFor: 'asc' }, { createdAt: 'asc' }],
        take: UPCOMING_LIMIT,
        include: {
          target: true,
          scenario: true,
          // Lead first; departments in catalog-code order, so the list reads the same every time.
          team: { orderBy: [{ isLead: 'desc' }, { officerId: 'asc' }] },
          checks: { include: { department: true }, orderBy: { department: { code: 'asc' } } },
        },
      });
      const officerIds = [...new Set(scheduled.flatMap((i) => i.team.map((m) => m.officerId)))];
      const officers = await prisma.officer.findMany({
        where: { id: { in: officerIds } },
        select: { id: true, name: true, department: { select: { shortName: true } } },
      });
      const officerById = new Map(officers.map((o) => [o.id, o]));
      const upcoming = scheduled.map((i) => {
        const scheduledFor = dateOfColumn(i.scheduledFor);
        return {
          inspectionId: i.id,
          scheduledFor,
          missed: scheduledFor < today,
          target: { id: i.target.id, name: i.target.name, address: i.target.address, village: i.target.village },
          scenario: { code: i.scenario.code, name: i.scenario.name },
          departments: i.checks.map((c) => ({ code: c.department.code, shortName: c.department.shortName })),
          team: i.team.map((m) => ({
            officerId: m.officerId,
            name: officerById.get(m.officerId)?.name ?? m.officerId,
            department: officerById.get(m.officerId)?.department?.shortName ?? null,
            isLead: m.isLead,
          })),
        };
      });

      const departments = await prisma.department.findMany({ orderBy: { code: 'asc' }, select: { code: true, shortName: true } });
      const worklists = [];
      for (const d of departments) {
        const list = await inspections.departmentTasks({ actor: options.actor, departmentCode: d.code });
        worklists.push({ department: { ...list.department, shortName: d.shortName }, tasks: list.tasks });
      }
      return { today, upcoming, worklists };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
