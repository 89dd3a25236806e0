/**
 * Starting a visit (进一次门): the joint inspection's input and its team, built the same way
 * whether a coordinator schedules it, a plan starts a planned visit or a due order needs its
 * re-check. Pure: the caller loads the rows; the workflow-id and conflict policies of the start
 * are in contracts/inspection.ts (jointInspectionStartOptions).
 */
import { hasValidCertificate, validateCertifiedQuorum, type DepartmentAssignment, type InspectionPolicy, type OfficerCredentials } from './inspection';
import type { CapExceptionReason, CapReached } from './planning';

/**
 * The typed exception a directly scheduled visit was made under (domain/scheduling.ts): its
 * reason and note, the caps it lifted and the visits in the join window it was made beside.
 */
export interface VisitException {
  reason: CapExceptionReason;
  note: string;
  capsLifted: CapReached[];
  besideInspectionIds: string[];
}

export interface ActorRef {
  officerId: string;
  name: string;
}

export interface TargetRef {
  id: string;
  name: string;
  creditCode: string;
  address: string;
  village: string;
}

export interface TeamMemberRef extends ActorRef {
  departmentCode: string | null;
  isLead: boolean;
}

/** An item carried forward from a rectification order into a visit. */
export interface RecheckRef {
  findingId: string;
  /** The visit where the finding was made. */
  inspectionId: string;
  departmentCode: string;
  itemCode: string;
}

/** The joint-inspection workflow's input (contracts/inspection.ts names it JointInspectionInput). */
export interface JointVisitInput {
  inspectionId: string;
  scheduledFor: string; // YYYY-MM-DD
  scheduledBy: ActorRef;
  target: TargetRef;
  scenario: { code: string; name: string };
  departments: DepartmentAssignment[];
  team: TeamMemberRef[];
  policy: InspectionPolicy;
  /** Items of this visit that re-check a rectification order (复查); their result ends or escalates it. */
  recheckOf?: RecheckRef[];
  /**
   * The scenario-list version the items were checked against (domain/scenario-lists.ts), recorded
   * on the inspection. Optional: inputs of visits started before versions have none.
   */
  scenarioVersionId?: string;
  /** Set when a coordinator scheduled it under a typed exception (a cap or the join window lifted). */
  exception?: VisitException;
}

/**
 * The input of a visit from what its caller loaded; rows may carry more than the input keeps
 * (only JSON-safe refs cross the workflow boundary). `recheckOf`, `scenarioVersionId` and `exception` are kept only when given.
 */
export function jointVisitInput(options: JointVisitInput): JointVisitInput {
  const { target, scenario } = options;
  return {
    inspectionId: options.inspectionId,
    scheduledFor: options.scheduledFor,
    scheduledBy: options.scheduledBy,
    target: { id: target.id, name: target.name, creditCode: target.creditCode, address: target.address, village: target.village },
    scenario: { code: scenario.code, name: scenario.name },
    departments: options.departments,
    team: options.team,
    policy: options.policy,
    ...(options.recheckOf ? { recheckOf: options.recheckOf } : {}),
    ...(options.scenarioVersionId ? { scenarioVersionId: options.scenarioVersionId } : {}),
    ...(options.exception ? { exception: options.exception } : {}),
  };
}

/** Team members in the order given, the first one leading. */
export function teamOf(officers: Pick<OfficerCredentials, 'officerId' | 'name' | 'departmentCode'>[]): TeamMemberRef[] {
  return officers.map((o, index) => ({ officerId: o.officerId, name: o.name, departmentCode: o.departmentCode, isLead: index === 0 }));
}

/**
 * The team of a visit nobody picked by hand: for each department the officers the 双随机 draw
 * picked (when there was a draw) or its first eligible officer, then others of the pool until
 * §42's minimum is met. Eligible = certified on the visit's day and without a declared conflict
 * with the business. `pool` in a stable order (by id), so the same data picks the same team.
 */
export function pickVisitTeam(options: {
  pool: OfficerCredentials[];
  departmentCodes: string[];
  onDate: string;
  minimum: number;
  conflictedOfficerIds?: readonly string[];
  drawnOfficerIds?: Readonly<Record<string, readonly string[]>>;
}): TeamMemberRef[] {
  const conflicted = new Set(options.conflictedOfficerIds ?? []);
  const eligible = options.pool.filter((o) => !conflicted.has(o.officerId) && hasValidCertificate(o, options.onDate));
  const team: OfficerCredentials[] = [];
  const add = (o: OfficerCredentials) => {
    if (!team.includes(o)) team.push(o);
  };
  for (const code of options.departmentCodes) {
    const drawn = (options.drawnOfficerIds?.[code] ?? []).map((id) => eligible.find((o) => o.officerId === id)).filter((o) => o !== undefined);
    const chosen = drawn.length > 0 ? drawn : eligible.filter((o) => o.departmentCode === code).slice(0, 1);
    chosen.forEach(add);
  }
  for (const o of eligible) {
    if (validateCertifiedQuorum(team, options.onDate, options.minimum).met) break;
    add(o);
  }
  return teamOf(team);
}
