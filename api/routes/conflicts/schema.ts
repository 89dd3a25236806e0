import { z } from 'zod';
import { CONFLICT_SOURCES, CONFLICT_STATUSES } from '../../../domain/conflicts';

const id = z.string().min(1).max(64);

export const ConflictIdParams = z.strictObject({ id }).meta({ id: 'ConflictIdParams' });
export type ConflictIdParams = z.infer<typeof ConflictIdParams>;

export const DeclareConflictBody = z
  .strictObject({
    officerId: id.describe('申请回避的执法人员 ID'),
    targetId: id.describe('检查对象（市场主体）ID'),
    reason: z.string().trim().min(1, '请写明回避理由').max(1000).describe('回避理由（利害关系或其他可能影响公正执法的关系）'),
    source: z.enum(CONFLICT_SOURCES).describe('OFFICER：本人申请回避；PARTY：当事人申请回避'),
  })
  .meta({ id: 'DeclareConflict' });
export type DeclareConflictBody = z.infer<typeof DeclareConflictBody>;

export const DecideConflictBody = z
  .strictObject({
    decision: z.enum(['UPHELD', 'DISMISSED'], '决定应为 UPHELD（决定回避）或 DISMISSED（不予回避）'),
    note: z.string().trim().min(1, '请写明决定理由').max(1000).describe('决定理由'),
  })
  .meta({ id: 'DecideConflict' });
export type DecideConflictBody = z.infer<typeof DecideConflictBody>;

export const ListConflictsQuery = z
  .strictObject({
    officerId: id.optional(),
    targetId: id.optional(),
    status: z.enum(CONFLICT_STATUSES).optional(),
  })
  .meta({ id: 'ListConflictsQuery' });
export type ListConflictsQuery = z.infer<typeof ListConflictsQuery>;

const PersonRef = z.object({ id: z.string(), name: z.string() });

export const ConflictView = z
  .object({
    id: z.string(),
    officer: PersonRef,
    target: PersonRef,
    reason: z.string(),
    source: z.enum(CONFLICT_SOURCES),
    sourceLabel: z.string(),
    status: z.enum(CONFLICT_STATUSES),
    statusLabel: z.string(),
    declaredAt: z.string(),
    declaredBy: PersonRef.nullable(),
    decidedBy: PersonRef.nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .meta({ id: 'Conflict' });

export const ConflictList = z.object({ items: z.array(ConflictView) }).meta({ id: 'ConflictList' });
