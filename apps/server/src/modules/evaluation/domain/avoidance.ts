/**
 * Avoidance (回避) before a draw, as a pure function with the reasons for every excluded expert
 * (rules.md E36–E38, X1–X3; lifecycles.md §5). Reason codes follow the data-exchange dictionary
 * X1: 1 bidder, 2 tenderer, 3 competent/supervising department, 4 agency, 9 other.
 */
export type AvoidanceCode = '1' | '2' | '3' | '4' | '9';

export type AvoidanceKind =
  | 'bidderRelation'
  | 'tendererRelation'
  | 'supervisingDepartment'
  | 'agencyRelation'
  | 'notApproved'
  | 'suspended'
  | 'penalised'
  | 'unavailable'
  | 'recentDraw'
  | 'declaredConflict';

export interface AvoidanceReason {
  code: AvoidanceCode;
  kind: AvoidanceKind;
  /** The organisation or date that triggered it. */
  detail: string;
}

/** An organisation named by its USCC (preferred) or its exact name. */
export interface OrgRef {
  uscc?: string | null;
  name: string;
}

export interface ExpertFacts {
  id: string;
  status: 'pending' | 'approved' | 'rejected';
  employer: OrgRef;
  /** Employers of near relatives and other declared interest relations (X3). */
  relatedOrgs: readonly OrgRef[];
  /** Departments the expert works for as a civil servant or supervisor (E38 second clause). */
  departments: readonly string[];
  suspendedUntil: string | null; // civil date, inclusive
  /** Sanctioned for evaluation misconduct (X3): permanently excluded until cleared. */
  penalised: boolean;
  /** Civil dates the expert declared unavailable. */
  unavailableDates: readonly string[];
  /** Civil date of the most recent evaluation the expert was drawn for, if any. */
  lastDrawnOn: string | null;
}

export interface AvoidanceContext {
  /** Civil date (YYYY-MM-DD) of the evaluation. */
  evaluationDate: string;
  /** AVOID_ENTERPRISE_LIST: bidders (known or expected) … */
  bidders: readonly OrgRef[];
  tenderers: readonly OrgRef[];
  agencies: readonly OrgRef[];
  /** Departments supervising the project. */
  supervisingDepartments: readonly string[];
  /** Minimum whole days between two draws of the same expert (0 = no spacing rule). */
  minDaysBetweenDraws: number;
}

const norm = (s: string) => s.replace(/\s+/g, '').toUpperCase();

function sameOrg(a: OrgRef, b: OrgRef): boolean {
  if (a.uscc && b.uscc) return norm(a.uscc) === norm(b.uscc);
  return norm(a.name) === norm(b.name);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Every reason an expert must not be drawn; an empty list means eligible. */
export function avoidanceReasons(expert: ExpertFacts, ctx: AvoidanceContext): AvoidanceReason[] {
  const reasons: AvoidanceReason[] = [];
  const orgs = [{ org: expert.employer, how: 'employer' }, ...expert.relatedOrgs.map((org) => ({ org, how: 'related' }))];
  const relations: Array<[readonly OrgRef[], AvoidanceCode, AvoidanceKind]> = [
    [ctx.bidders, '1', 'bidderRelation'],
    [ctx.tenderers, '2', 'tendererRelation'],
    [ctx.agencies, '4', 'agencyRelation'],
  ];
  for (const [list, code, kind] of relations) {
    for (const target of list) {
      const hit = orgs.find((o) => sameOrg(o.org, target));
      if (hit) reasons.push({ code, kind, detail: `${hit.how}: ${target.name}` });
    }
  }
  for (const dept of ctx.supervisingDepartments) {
    if (expert.departments.some((d) => norm(d) === norm(dept))) reasons.push({ code: '3', kind: 'supervisingDepartment', detail: dept });
  }
  if (expert.status !== 'approved') reasons.push({ code: '9', kind: 'notApproved', detail: expert.status });
  if (expert.suspendedUntil && expert.suspendedUntil >= ctx.evaluationDate) reasons.push({ code: '9', kind: 'suspended', detail: `until ${expert.suspendedUntil}` });
  if (expert.penalised) reasons.push({ code: '9', kind: 'penalised', detail: 'evaluation misconduct' });
  if (expert.unavailableDates.includes(ctx.evaluationDate)) reasons.push({ code: '9', kind: 'unavailable', detail: ctx.evaluationDate });
  if (ctx.minDaysBetweenDraws > 0 && expert.lastDrawnOn && Math.abs(daysBetween(expert.lastDrawnOn, ctx.evaluationDate)) < ctx.minDaysBetweenDraws) {
    reasons.push({ code: '9', kind: 'recentDraw', detail: `last drawn ${expert.lastDrawnOn}` });
  }
  return reasons;
}

/** The exclusions of a draw: expert id → reasons, only for experts with at least one reason. */
export function avoidanceExclusions(experts: readonly ExpertFacts[], ctx: AvoidanceContext): Map<string, AvoidanceReason[]> {
  const out = new Map<string, AvoidanceReason[]>();
  for (const e of experts) {
    const reasons = avoidanceReasons(e, ctx);
    if (reasons.length > 0) out.set(e.id, reasons);
  }
  return out;
}
