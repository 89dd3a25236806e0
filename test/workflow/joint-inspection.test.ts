/**
 * The joint-inspection workflow on the real Temporal dev server with a real SQLite database:
 * lifecycle with and without legal review, the two-officer rule, the results validator,
 * overdue escalation, cancellation, and one run per inspection.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  cancelInspectionUpdate,
  checkInUpdate,
  findingResolvedSignal,
  inspectionStateQuery,
  inspectionWorkflowId,
  legalReviewUpdate,
  resolveFindingUpdate,
  submitChecksUpdate,
  type ActorRef,
  type JointInspectionInput,
} from '../../contracts/inspection';
import type { jointInspectionWorkflow } from '../../workflows/joint-inspection';
import type { CheckResultInput } from '../../domain/inspection';
import {
  buildInspectionInput,
  compliantResults,
  credentialsByKey,
  numericItem,
  officerByKey,
  resultsWithViolation,
  violatingValue,
  type BuildInspectionOptions,
} from '../support/factories';
import { eventually, saveHistoryFixture, updateRefusal, useWorkflowStack } from '../support/harness';

const { prisma, worker, client } = useWorkflowStack();

async function start(options: BuildInspectionOptions = {}) {
  const input = await buildInspectionInput(prisma, options);
  const handle = await client.workflow.start<typeof jointInspectionWorkflow>('jointInspectionWorkflow', {
    taskQueue: worker.taskQueue,
    workflowId: inspectionWorkflowId(input.inspectionId),
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
  });
  await eventually(async () => expect((await handle.query(inspectionStateQuery)).persisted).toBe(true));
  return { input, handle };
}

async function actor(key: string): Promise<ActorRef & { departmentCode: string }> {
  const o = await officerByKey(prisma, key);
  return { officerId: o.id, name: o.name, departmentCode: o.department?.code ?? '' };
}

type Handle = Awaited<ReturnType<typeof start>>['handle'];

async function checkIn(handle: Handle, keys = ['market-1', 'fire-1']) {
  return handle.executeUpdate(checkInUpdate, {
    args: [{ actor: await actor('coordinator-2'), officers: await credentialsByKey(prisma, ...keys) }],
  });
}

async function submit(handle: Handle, officerKey: string, departmentCode: string, results: CheckResultInput[]) {
  return handle.executeUpdate(submitChecksUpdate, {
    args: [{ actor: await actor(officerKey), departmentCode, results }],
  });
}

async function review(handle: Handle, reviewerKey: string, decision: 'APPROVED' | 'RETURNED', opinion: string) {
  const o = await officerByKey(prisma, reviewerKey);
  return handle.executeUpdate(legalReviewUpdate, {
    args: [
      {
        reviewer: { officerId: o.id, name: o.name, isLegalReviewer: o.roles.some((r) => r.role === 'LEGAL_REVIEWER'), legalQualified: o.legalQualified },
        decision,
        opinion,
      },
    ],
  });
}

/** The rule code (ApplicationFailure type) a refused update carried, and its violation codes. */
async function refusal(promise: Promise<unknown>): Promise<{ type: string; codes: string[] }> {
  const cause = await updateRefusal(promise);
  const violations = (cause.details?.[0] as { code: string }[] | undefined) ?? [];
  return { type: cause.type ?? '', codes: violations.map((v) => v.code) };
}

/** Waits for the visit to hold in FOLLOW_UP, then ends each finding as 首违不罚 and returns the result. */
async function resolveFindings(handle: Handle) {
  const followUp = await eventually(async () => {
    const s = await handle.query(inspectionStateQuery);
    expect(s.status).toBe('FOLLOW_UP');
    return s;
  });
  for (const f of followUp.findings) {
    await handle.executeUpdate(resolveFindingUpdate, {
      args: [{ actor: await actor('market-1'), itemCode: f.itemCode, outcome: 'NO_PENALTY', note: '当场改正，已拍照留存' }],
    });
  }
  return handle.result();
}

function assignment(input: JointInspectionInput, code: string) {
  return input.departments.find((d) => d.departmentCode === code)!;
}

async function dbStatus(id: string) {
  return (await prisma.jointInspection.findUniqueOrThrow({ where: { id } })).status;
}

describe('joint inspection lifecycle', () => {
  test('without legal review: check-in, every department submits, closes; each step written once', async () => {
    const { input, handle } = await start();
    expect(await dbStatus(input.inspectionId)).toBe('SCHEDULED');

    const onSite = await checkIn(handle);
    expect(onSite.status).toBe('ON_SITE');
    expect(await dbStatus(input.inspectionId)).toBe('ON_SITE');

    await submit(handle, 'market-1', 'MARKET', resultsWithViolation(assignment(input, 'MARKET'), 'RECTIFY'));
    await submit(handle, 'fire-1', 'FIRE', compliantResults(assignment(input, 'FIRE')));

    // A finding keeps the visit open until it has ended.
    const followUp = await eventually(async () => {
      const s = await handle.query(inspectionStateQuery);
      expect(s.status).toBe('FOLLOW_UP');
      return s;
    });
    await eventually(async () => expect(await dbStatus(input.inspectionId)).toBe('FOLLOW_UP'));
    const itemCode = followUp.findings[0].itemCode;
    expect((await refusal(handle.executeUpdate(resolveFindingUpdate, { args: [{ actor: await actor('market-1'), itemCode, outcome: 'NO_PENALTY', note: ' ' }] }))).type).toBe(
      'REASON_REQUIRED',
    );
    expect(
      (await refusal(handle.executeUpdate(resolveFindingUpdate, { args: [{ actor: await actor('market-1'), itemCode: 'NOPE-1', outcome: 'NO_PENALTY', note: '改正' }] })))
        .type,
    ).toBe('INVALID_STATE');
    // Its rectification order reports the end (twice, as a retry would): recorded once.
    const resolution = { itemCode, outcome: 'RECTIFIED' as const, ref: 'rectification-x', note: '复查合格', actor: null, at: new Date().toISOString() };
    await handle.signal(findingResolvedSignal, resolution);
    await handle.signal(findingResolvedSignal, { ...resolution, outcome: 'ESCALATED' });

    const final = await handle.result();
    expect(final.status).toBe('CLOSED');
    expect(final.findings).toHaveLength(1);
    expect(final.findings[0]).toMatchObject({ departmentCode: 'MARKET', proposedAction: 'RECTIFY' });
    expect(final.resolutions).toEqual([expect.objectContaining({ itemCode, outcome: 'RECTIFIED' })]);
    expect(final.review.status).toBe('NOT_REQUIRED');
    await saveHistoryFixture(handle, 'finding-rectified-then-closed');

    const row = await prisma.jointInspection.findUniqueOrThrow({
      where: { id: input.inspectionId },
      include: { findings: true, checks: { include: { results: true } }, reviews: true },
    });
    expect(row.status).toBe('CLOSED');
    expect(row.closedAt).not.toBeNull();
    expect(row.findings).toHaveLength(1);
    expect(row.findings[0]).toMatchObject({ outcome: 'RECTIFIED', resolutionRef: 'rectification-x' });
    expect(row.reviews).toHaveLength(0);
    for (const check of row.checks) {
      expect(check.submittedAt).not.toBeNull();
      expect(check.results.length).toBeGreaterThan(0);
    }
    const actions = (await prisma.auditEvent.findMany({ where: { subjectId: input.inspectionId }, orderBy: { at: 'asc' } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual([
      'INSPECTION_SCHEDULED',
      'INSPECTION_CHECKED_IN',
      'DEPARTMENT_CHECKS_SUBMITTED',
      'DEPARTMENT_CHECKS_SUBMITTED',
      'INSPECTION_CHECKS_DONE',
      'INSPECTION_FOLLOW_UP',
      'FINDING_RECTIFIED',
      'INSPECTION_CLOSED',
    ]);
  });

  test('with legal review: penalty proposal → returned → department revises → approved → closed', async () => {
    const { input, handle } = await start();
    await checkIn(handle);
    await submit(handle, 'market-1', 'MARKET', resultsWithViolation(assignment(input, 'MARKET'), 'PENALTY'));
    const afterFire = await submit(handle, 'fire-1', 'FIRE', compliantResults(assignment(input, 'FIRE')));
    expect(['ON_SITE', 'CHECKS_DONE', 'IN_LEGAL_REVIEW']).toContain(afterFire.status);

    await eventually(async () => expect((await handle.query(inspectionStateQuery)).status).toBe('IN_LEGAL_REVIEW'));
    // The workflow's state moves first (so no update slips in); the row follows when the write lands.
    await eventually(async () => expect(await dbStatus(input.inspectionId)).toBe('IN_LEGAL_REVIEW'));

    const returned = await review(handle, 'reviewer-1', 'RETURNED', '违法事实描述不清，请补充现场照片编号和经营者陈述');
    expect(returned.review.status).toBe('RETURNED');
    expect(returned.review.departmentsToRevise).toEqual(['MARKET']);

    // Only the department under review may revise; a second review before revision is refused.
    expect((await refusal(submit(handle, 'fire-1', 'FIRE', compliantResults(assignment(input, 'FIRE'))))).type).toBe(
      'CHECKS_ALREADY_DONE',
    );
    expect((await refusal(review(handle, 'reviewer-1', 'APPROVED', '同意'))).type).toBe('INVALID_STATE');

    const revised = resultsWithViolation(assignment(input, 'MARKET'), 'PENALTY');
    revised[0].note = '后厨冷藏柜内发现过期食品3批次，照片编号P-001至P-003，经营者当场确认';
    await submit(handle, 'market-1', 'MARKET', revised);
    await eventually(async () => {
      const s = await handle.query(inspectionStateQuery);
      expect(s.review).toMatchObject({ status: 'PENDING', round: 2 });
    });

    await review(handle, 'reviewer-2', 'APPROVED', '事实清楚，证据确凿，适用依据正确，程序合法，同意处罚建议');
    const final = await resolveFindings(handle);
    expect(final.status).toBe('CLOSED');
    expect(final.review.history.map((h) => h.decision)).toEqual(['RETURNED', 'APPROVED']);
    await saveHistoryFixture(handle, 'review-returned-then-approved');

    const reviews = await prisma.legalReview.findMany({ where: { inspectionId: input.inspectionId }, orderBy: { round: 'asc' } });
    expect(reviews.map((r) => [r.round, r.decision])).toEqual([
      [1, 'RETURNED'],
      [2, 'APPROVED'],
    ]);
    const finding = await prisma.finding.findFirstOrThrow({ where: { inspectionId: input.inspectionId } });
    expect(finding.description).toContain('P-001');
    expect(await dbStatus(input.inspectionId)).toBe('CLOSED');
  });

  test('a returned proposal revised to a rectification order closes without a second review', async () => {
    const { input, handle } = await start();
    await checkIn(handle);
    await submit(handle, 'market-1', 'MARKET', resultsWithViolation(assignment(input, 'MARKET'), 'PENALTY'));
    await submit(handle, 'fire-1', 'FIRE', compliantResults(assignment(input, 'FIRE')));
    await eventually(async () => expect((await handle.query(inspectionStateQuery)).review.status).toBe('PENDING'));
    await review(handle, 'reviewer-1', 'RETURNED', '首次违法且危害后果轻微，建议改为责令改正');
    await submit(handle, 'market-1', 'MARKET', resultsWithViolation(assignment(input, 'MARKET'), 'RECTIFY'));
    const final = await resolveFindings(handle);
    expect(final.status).toBe('CLOSED');
    expect(final.findings.map((f) => f.proposedAction)).toEqual(['RECTIFY']);
    const findings = await prisma.finding.findMany({ where: { inspectionId: input.inspectionId } });
    expect(findings.map((f) => f.proposedAction)).toEqual(['RECTIFY']);
  });
});

describe('rules enforced by the workflow', () => {
  test('check-in needs two officers with valid certificates and every department represented', async () => {
    const { handle, input } = await start();
    const one = await refusal(checkIn(handle, ['market-1']));
    expect(one.type).toBe('TEAM_RULE_VIOLATED');
    expect(one.codes).toEqual(expect.arrayContaining(['TOO_FEW_CERTIFIED_OFFICERS', 'DEPARTMENT_NOT_REPRESENTED']));

    const expired = await refusal(checkIn(handle, ['market-expired', 'fire-1']));
    expect(expired.codes).toEqual(expect.arrayContaining(['TOO_FEW_CERTIFIED_OFFICERS', 'DEPARTMENT_NOT_REPRESENTED']));

    const wrongDepartments = await refusal(checkIn(handle, ['market-1', 'market-2']));
    expect(wrongDepartments.codes).toEqual(['DEPARTMENT_NOT_REPRESENTED']);

    expect((await handle.query(inspectionStateQuery)).status).toBe('SCHEDULED');
    expect(await dbStatus(input.inspectionId)).toBe('SCHEDULED');
    // Refused updates leave nothing in the history or the database.
    expect(await prisma.auditEvent.count({ where: { subjectId: input.inspectionId } })).toBe(1);

    expect((await checkIn(handle, ['market-1', 'fire-1', 'market-expired'])).status).toBe('ON_SITE');
    expect((await refusal(checkIn(handle))).type).toBe('INVALID_STATE');
    await handle.executeUpdate(cancelInspectionUpdate, { args: [{ actor: await actor('coordinator-2'), reason: '测试结束' }] });
  });

  test('the results validator refuses wrong department, wrong items and impossible measurements', async () => {
    const { input, handle } = await start({ scenarioCode: 'CONSTRUCTION_SITE', targetKey: 'construction-1', departments: ['ECOENV', 'SAFETY'], teamKeys: ['ecoenv-1', 'safety-1'] });
    const early = await refusal(submit(handle, 'ecoenv-1', 'ECOENV', compliantResults(assignment(input, 'ECOENV'))));
    expect(early.type).toBe('INVALID_STATE');

    await checkIn(handle, ['ecoenv-1', 'safety-1']);
    const eco = assignment(input, 'ECOENV');

    // A department that is not part of this inspection.
    expect((await refusal(submit(handle, 'market-1', 'MARKET', compliantResults(eco)))).type).toBe('DEPARTMENT_NOT_ASSIGNED');
    // An officer submitting for another department.
    expect((await refusal(submit(handle, 'safety-1', 'ECOENV', compliantResults(eco)))).type).toBe('DEPARTMENT_NOT_ASSIGNED');

    // Missing one item, and one item that is not on the list.
    const wrongItems = compliantResults(eco).slice(1);
    wrongItems.push({ itemCode: 'MARKET-01', outcome: 'COMPLIANT' });
    const items = await refusal(submit(handle, 'ecoenv-1', 'ECOENV', wrongItems));
    expect(items.type).toBe('INVALID_CHECK_RESULTS');
    expect(items.codes).toEqual(expect.arrayContaining(['ITEM_NOT_ASSIGNED', 'ITEM_MISSING']));

    const { index, item } = numericItem([eco]);
    expect(item.measurement.kind).toBe('NUMERIC');
    const m = item.measurement as Extract<typeof item.measurement, { kind: 'NUMERIC' }>;

    const beyond = compliantResults(eco);
    beyond[index] = { itemCode: item.code, outcome: 'COMPLIANT', measuredValue: violatingValue(item), unit: m.unit };
    expect((await refusal(submit(handle, 'ecoenv-1', 'ECOENV', beyond))).codes).toEqual(['COMPLIANT_BEYOND_LIMIT']);

    const impossible = compliantResults(eco);
    impossible[index] = { itemCode: item.code, outcome: 'NON_COMPLIANT', measuredValue: m.validMax + 1000, unit: m.unit, note: '读数' };
    expect((await refusal(submit(handle, 'ecoenv-1', 'ECOENV', impossible))).codes).toEqual(['MEASUREMENT_OUT_OF_RANGE']);

    const wrongUnit = compliantResults(eco);
    wrongUnit[index] = { ...wrongUnit[index], unit: 'kPa' };
    expect((await refusal(submit(handle, 'ecoenv-1', 'ECOENV', wrongUnit))).codes).toEqual(['UNIT_MISMATCH']);

    const noValue = compliantResults(eco);
    noValue[index] = { itemCode: item.code, outcome: 'COMPLIANT' };
    expect((await refusal(submit(handle, 'ecoenv-1', 'ECOENV', noValue))).codes).toEqual(['MEASUREMENT_REQUIRED']);

    const noFacts = resultsWithViolation(eco, 'RECTIFY');
    noFacts[0].note = '  ';
    expect((await refusal(submit(handle, 'ecoenv-1', 'ECOENV', noFacts))).codes).toEqual(['FACTS_REQUIRED']);

    // Nothing refused reached the database.
    expect(await prisma.checkResult.count({ where: { departmentCheck: { inspectionId: input.inspectionId } } })).toBe(0);

    // Re-submission before CHECKS_DONE replaces the earlier one.
    await submit(handle, 'ecoenv-1', 'ECOENV', resultsWithViolation(eco, 'RECTIFY'));
    const replaced = await submit(handle, 'ecoenv-1', 'ECOENV', compliantResults(eco));
    const ecoState = replaced.departments.find((d) => d.departmentCode === 'ECOENV')!;
    expect(ecoState.revision).toBe(2);
    const rows = await prisma.checkResult.findMany({ where: { departmentCheck: { inspectionId: input.inspectionId } } });
    expect(rows).toHaveLength(eco.items.length);
    expect(rows.every((r) => r.outcome === 'COMPLIANT')).toBe(true);

    await submit(handle, 'safety-1', 'SAFETY', compliantResults(assignment(input, 'SAFETY')));
    expect((await handle.result()).status).toBe('CLOSED');
    expect(await prisma.finding.count({ where: { inspectionId: input.inspectionId } })).toBe(0);
  });

  test('a legal reviewer must be qualified and not on the visiting team', async () => {
    const { input, handle } = await start({ teamKeys: ['market-1', 'fire-1'] });
    await checkIn(handle);
    await submit(handle, 'market-1', 'MARKET', resultsWithViolation(assignment(input, 'MARKET'), 'PENALTY'));
    await submit(handle, 'fire-1', 'FIRE', compliantResults(assignment(input, 'FIRE')));
    await eventually(async () => expect((await handle.query(inspectionStateQuery)).review.status).toBe('PENDING'));

    const unqualified = await refusal(review(handle, 'reviewer-unqualified', 'APPROVED', '同意'));
    expect(unqualified).toEqual({ type: 'REVIEWER_NOT_ELIGIBLE', codes: ['REVIEWER_NOT_QUALIFIED'] });
    const teamMember = await refusal(review(handle, 'market-1', 'APPROVED', '同意'));
    expect(teamMember.codes).toEqual(expect.arrayContaining(['REVIEWER_NOT_QUALIFIED', 'REVIEWER_IN_TEAM']));
    expect((await refusal(review(handle, 'reviewer-1', 'RETURNED', ' '))).type).toBe('REVIEW_OPINION_REQUIRED');
    expect(await prisma.legalReview.count({ where: { inspectionId: input.inspectionId } })).toBe(0);

    await review(handle, 'reviewer-1', 'APPROVED', '同意');
    expect((await resolveFindings(handle)).status).toBe('CLOSED');
  });

  test('a department that misses the deadline is marked overdue and escalated once; a late submission is accepted and marked', async () => {
    const { input, handle } = await start({ policy: { checkSubmissionDeadlineMs: 1500 } });
    await checkIn(handle);
    await submit(handle, 'market-1', 'MARKET', compliantResults(assignment(input, 'MARKET')));

    const escalated = await eventually(async () => {
      const s = await handle.query(inspectionStateQuery);
      expect(s.departments.find((d) => d.departmentCode === 'FIRE')!.overdue).toBe(true);
      return s;
    });
    expect(escalated.status).toBe('ON_SITE');
    expect(escalated.departments.find((d) => d.departmentCode === 'MARKET')!.overdue).toBe(false);
    await eventually(async () => {
      const fire = await prisma.departmentCheck.findFirstOrThrow({
        where: { inspectionId: input.inspectionId, department: { code: 'FIRE' } },
      });
      expect(fire.overdue).toBe(true);
      expect(fire.escalatedAt).not.toBeNull();
    });
    expect(await prisma.auditEvent.count({ where: { subjectId: input.inspectionId, action: 'DEPARTMENT_CHECKS_OVERDUE' } })).toBe(1);

    const late = await submit(handle, 'fire-1', 'FIRE', compliantResults(assignment(input, 'FIRE')));
    expect(late.departments.find((d) => d.departmentCode === 'FIRE')!.late).toBe(true);
    expect((await handle.result()).status).toBe('CLOSED');
    const fire = await prisma.departmentCheck.findFirstOrThrow({
      where: { inspectionId: input.inspectionId, department: { code: 'FIRE' } },
    });
    expect(fire.late).toBe(true);
    await saveHistoryFixture(handle, 'overdue-escalated-then-late');
  });

  test('cancel before the checks are done; refused after', async () => {
    const { input, handle } = await start();
    const cancelled = await handle.executeUpdate(cancelInspectionUpdate, {
      args: [{ actor: await actor('coordinator-2'), reason: '经营者停业装修，改期检查' }],
    });
    expect(cancelled.status).toBe('CANCELLED');
    expect((await handle.result()).status).toBe('CANCELLED');
    await saveHistoryFixture(handle, 'cancelled-before-visit');
    const row = await prisma.jointInspection.findUniqueOrThrow({ where: { id: input.inspectionId } });
    expect(row).toMatchObject({ status: 'CANCELLED', cancelReason: '经营者停业装修，改期检查' });

    const second = await start();
    await checkIn(second.handle);
    await submit(second.handle, 'market-1', 'MARKET', resultsWithViolation(assignment(second.input, 'MARKET'), 'PENALTY'));
    await submit(second.handle, 'fire-1', 'FIRE', compliantResults(assignment(second.input, 'FIRE')));
    await eventually(async () => expect((await second.handle.query(inspectionStateQuery)).status).toBe('IN_LEGAL_REVIEW'));
    const refused = await refusal(
      second.handle.executeUpdate(cancelInspectionUpdate, { args: [{ actor: await actor('coordinator-2'), reason: '撤销' }] }),
    );
    expect(refused.type).toBe('INVALID_STATE');
    await review(second.handle, 'reviewer-1', 'APPROVED', '同意');
    expect((await resolveFindings(second.handle)).status).toBe('CLOSED');
  });

  test('one inspection never has two runs', async () => {
    const { input } = await start();
    await expect(
      client.workflow.start<typeof jointInspectionWorkflow>('jointInspectionWorkflow', {
        taskQueue: worker.taskQueue,
        workflowId: inspectionWorkflowId(input.inspectionId),
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
      }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    expect(await prisma.jointInspection.count({ where: { id: input.inspectionId } })).toBe(1);
    await client.workflow
      .getHandle(inspectionWorkflowId(input.inspectionId))
      .executeUpdate(cancelInspectionUpdate, { args: [{ actor: await actor('coordinator-2'), reason: '测试结束' }] });
  });
});
