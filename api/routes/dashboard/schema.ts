import { z } from 'zod';
import { DepartmentTasksResponse } from '../departments/schema';

export const ViewerResponse = z
  .object({
    name: z.string(),
    departmentCode: z.string().nullable(),
    roles: z.array(z.string()),
    roleLabels: z.array(z.string()),
  })
  .meta({ id: 'DashboardViewer' });

export const CoordinatorViewResponse = z
  .object({
    today: z.string().meta({ description: '当天日期（北京时间）' }),
    upcoming: z.array(
      z.object({
        inspectionId: z.string(),
        scheduledFor: z.string(),
        missed: z.boolean().meta({ description: '检查日期已过但尚未进场' }),
        target: z.object({ id: z.string(), name: z.string(), address: z.string(), village: z.string() }),
        scenario: z.object({ code: z.string(), name: z.string() }),
        departments: z.array(z.object({ code: z.string(), shortName: z.string() })),
        team: z.array(z.object({ officerId: z.string(), name: z.string(), department: z.string().nullable(), isLead: z.boolean() })),
      }),
    ),
    worklists: z.array(
      z.object({
        department: z.object({ code: z.string(), name: z.string(), shortName: z.string() }),
        tasks: DepartmentTasksResponse.shape.tasks,
      }),
    ),
  })
  .meta({ id: 'CoordinatorView' });
