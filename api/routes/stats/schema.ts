import { z } from 'zod';
import { SEVERITIES } from '../../../domain/catalog';
import { INSPECTION_STATUSES } from '../../../domain/inspection';
import type { StatsService } from '../../services/stats';
import { agrees, type Answer } from '../answers';

export const StatsQuery = z
  .strictObject({
    year: z.coerce.number().int().min(2000).max(2100),
    townshipId: z.string().min(1).max(100).optional().describe('只统计该乡镇（街道）；缺省为本人可见的全部乡镇'),
  })
  .meta({ id: 'StatsQuery' });
export type StatsQuery = z.infer<typeof StatsQuery>;

const Counter = { scheduled: z.number(), completed: z.number() };
const TargetRef = z.object({ id: z.string(), name: z.string(), village: z.string() });
const DepartmentRef = z.object({ code: z.string(), name: z.string(), shortName: z.string() });

export const StatsResponse = z
  .object({
    year: z.number(),
    inspections: z.object({
      scheduled: z.number().meta({ description: '计划（已排期、未取消）的联合检查次数' }),
      completed: z.number().meta({ description: '已办结次数' }),
      inProgress: z.number(),
      cancelled: z.number(),
      byStatus: z.record(z.enum(INSPECTION_STATUSES), z.number()),
    }),
    byMonth: z.array(z.object({ month: z.number().int().min(1).max(12), ...Counter })).meta({ description: '按检查日期所在月份，1—12 月' }),
    byScenario: z.array(z.object({ code: z.string(), name: z.string(), ...Counter })),
    byDepartment: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        shortName: z.string(),
        checks: z.number(),
        submitted: z.number(),
        late: z.number(),
        overdue: z.number(),
        ...Counter,
      }),
    ),
    byVillage: z.array(z.object({ village: z.string(), ...Counter })),
    byTarget: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          creditCode: z.string(),
          village: z.string(),
          visits: z.number(),
          departmentChecks: z.number(),
          findings: z.number(),
          lastScheduledFor: z.string(),
        }),
      )
      .meta({ description: '检查对象台账：每个市场主体本年入企次数与合并的部门检查项数' }),
    findings: z.object({
      total: z.number(),
      proposedPenalty: z.number(),
      rectify: z.number(),
      bySeverity: z.record(z.enum(SEVERITIES), z.number()),
      byOutcome: z
        .object({ rectify: z.number(), penaltyApproved: z.number(), penaltyReturned: z.number(), penaltyPending: z.number() })
        .meta({ description: '责令改正；处罚建议按所在检查最近一次法制审核结果：同意、退回补正、待审核' }),
      byEndState: z
        .object({
          open: z.number(),
          RECTIFIED: z.number(),
          NO_PENALTY: z.number(),
          CASE_CLOSED: z.number(),
          ESCALATED: z.number(),
          PENALIZED_ON_THE_SPOT: z.number(),
        })
        .meta({ description: '检查发现的处理结果：处理中、复查合格、首违不罚、案件结案、复查不合格转后续处理、当场处罚（简易程序）' }),
    }),
    reviews: z.object({
      total: z.number(),
      approved: z.number(),
      returned: z.number(),
      pendingInspections: z.number(),
      pending: z.array(
        z.object({
          inspectionId: z.string(),
          scheduledFor: z.string(),
          target: TargetRef,
          scenario: z.object({ code: z.string(), name: z.string() }),
          departments: z.array(z.string()),
          penaltyFindings: z.number(),
          round: z.number(),
          lastDecision: z.enum(['RETURNED']).nullable(),
          inReviewSince: z.string().nullable().meta({ description: '进入法制审核的时间（ISO）；等待时长由读取方按当前时间计算' }),
        }),
      ),
    }),
    overdue: z
      .array(
        z.object({
          inspectionId: z.string(),
          scheduledFor: z.string(),
          status: z.string(),
          target: TargetRef,
          department: DepartmentRef,
          dueAt: z.string().nullable().meta({ description: '提交期限（ISO）；超期时长由读取方按当前时间计算' }),
        }),
      )
      .meta({ description: '超期未提交检查结果的部门（仍未提交的）' }),
    escalations: z.number(),
    merging: z.object({ departmentChecks: z.number(), visits: z.number(), visitsSaved: z.number(), description: z.string() }),
    rectification: z.object({
      orders: z.number(),
      passed: z.number(),
      failed: z.number(),
      awaitingRecheck: z.number(),
      onTimeRate: z.number().nullable().describe('按期整改率（复查合格 ÷ 已复查），0–1；尚无复查时为 null'),
    }),
    satisfaction: z.object({
      ratings: z.number(),
      average: z.number().nullable().describe('平均分（1–5，保留一位小数）；无评价时为 null'),
      distribution: z.object({ 1: z.number(), 2: z.number(), 3: z.number(), 4: z.number(), 5: z.number() }).describe('各分值（1–5）的评价份数'),
    }),
  })
  .meta({ id: 'Stats' });
agrees<z.output<typeof StatsResponse>, Answer<StatsService['year']>>();
export type StatsResponse = z.infer<typeof StatsResponse>;
