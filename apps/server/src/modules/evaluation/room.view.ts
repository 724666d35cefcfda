/**
 * What each role sees of an evaluation, and the committee report built from it.
 *
 *   - members: their own scores always, the others' of a step once they submitted it (E39 / independent scoring);
 *   - supervisors: everything, read-only;
 *   - centre staff: progress (sign-in, steps, who submitted) without scores until the result step.
 */
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tables.js';
import type { Principal } from '../../platform/http/access.js';
import { REQUEST_ARTICLES } from './domain/bidder-requests.js';
import { aggregate, type EvaluationState, memberTotals, type RankedBid, visibleScores } from './domain/evaluation.js';
import { rankByMethod } from './domain/price-method.js';
import { REJECTION_REASONS } from './domain/rejection.js';
import { evaluationError } from './evaluation.errors.js';
import { REPORT_FORMAT, type SignedEvaluationReport } from './report.js';
import { bidsOf, configOf, type EvaluationRow, membersOf, openingOf, type RequestRow, roundsOf } from './room.model.js';

type Viewer = 'member' | 'supervisor' | 'staff';

function viewerOf(row: EvaluationRow, principal: Principal): Viewer {
  if (membersOf(row).some((m) => m.id === principal.userId)) return 'member';
  if (principal.roles.includes('supervisor')) return 'supervisor';
  if (principal.roles.includes('centreStaff')) return 'staff';
  throw evaluationError('NOT_A_MEMBER');
}

const atResult = (state: EvaluationState) => state.step === 'result' || state.step === 'signed';

/** Totals and ranking by the frozen method, once the price scores exist. */
export function rankingOf(row: EvaluationRow, state: EvaluationState): RankedBid[] | null {
  if (state.priceScores === null) return null;
  const config = configOf(row);
  return rankByMethod(config.priceMethod, aggregate(state, state.priceScores), config.tieRules, row.price_detail);
}

const requestDto = (r: RequestRow) => ({
  id: r.id,
  bidId: r.bid_id,
  kind: r.kind,
  question: r.question,
  deadline: r.deadline.toISOString(),
  article: REQUEST_ARTICLES[r.kind],
  step: r.step,
  requestedAt: r.requested_at.toISOString(),
  answer: r.answer,
  answeredAt: r.answered_at?.toISOString() ?? null,
  decision: r.decision,
  decisionReason: r.decision_reason,
});

const articleOf = (code: string) => REJECTION_REASONS.find((r) => r.code === code);

export async function roomView(db: Executor, row: EvaluationRow, principal: Principal) {
  const viewer = viewerOf(row, principal);
  const state = row.state as EvaluationState | null;
  const requests = await db.selectFrom('evaluation.bidder_request').selectAll().where('evaluation_id', '=', row.id).orderBy('requested_at').orderBy('id').execute();
  const seesScores = state !== null && (viewer !== 'staff' || atResult(state));
  const scores = !state || !seesScores ? null : viewer === 'member' ? visibleScores(state, principal.userId) : state.scores;
  const reasons = !state || !scores ? null : Object.fromEntries(Object.entries(state.reasons).map(([m, items]) => [m, Object.fromEntries(Object.entries(items).filter(([itemId]) => scores[m]?.[itemId] !== undefined))]));
  const ranking = state && seesScores && atResult(state) ? rankingOf(row, state) : null;
  return {
    id: row.id,
    tenderId: row.tender_id,
    sectionCode: row.section_code,
    procedureType: row.procedure_type,
    status: row.status,
    step: state?.step ?? null,
    viewer,
    me: principal.userId,
    chairId: state?.chairId ?? null,
    members: membersOf(row).map((m) => ({ id: m.id, kind: m.kind, name: m.name, signedInAt: row.signed_in[m.id] ?? null, submitted: state?.submitted[m.id] ?? [] })),
    bids: bidsOf(row).map((b) => ({ ...b, rejected: state?.rejected.some((r) => r.bidId === b.bidId) ?? false })),
    opening: { ceilingPrice: openingOf(row).ceilingPrice, floatPoint: openingOf(row).floatPoint },
    configuration: configOf(row),
    chairRounds: roundsOf(row).map((r) => ({ round: r.round, voted: r.votes.map((v) => v.voterId), outcome: r.outcome, ...(r.outcome ? { votes: r.votes } : {}) })),
    scores,
    reasons,
    priceScores: seesScores ? (state?.priceScores ?? null) : null,
    priceDetail: seesScores ? (row.price_detail ?? null) : null,
    ranking,
    rejections: (state?.rejected ?? []).map((r) => ({ ...r, article: articleOf(r.code)?.article ?? '' })),
    requests: requests.map(requestDto),
    rescoreRequests: state?.rescoreRequests ?? [],
    signatures: state?.signatures ?? [],
    signedReport: row.signed_report ?? null,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    lockedAt: row.locked_at?.toISOString() ?? null,
  };
}

/** The report (without its signature) from the final, locked state. */
export function buildReport(row: EvaluationRow, requests: readonly RequestRow[], at: Date, platformPublicKey: string): Omit<SignedEvaluationReport, 'signature'> {
  const state = row.state as EvaluationState;
  const bids = bidsOf(row);
  const bidOf = (bidId: string) => bids.find((b) => b.bidId === bidId);
  const ranking = (rankingOf(row, state) ?? []).map((r) => ({
    rank: r.rank,
    bidId: r.bidId,
    bidderId: bidOf(r.bidId)?.bidderId ?? '',
    bidderName: bidOf(r.bidId)?.bidderName ?? '',
    price: r.price,
    expertScore: r.expertScore,
    priceScore: r.priceScore,
    total: r.total,
    candidate: r.candidate,
  }));
  return {
    format: REPORT_FORMAT,
    evaluationId: row.id,
    tenderId: row.tender_id,
    sectionCode: row.section_code,
    procedureType: row.procedure_type,
    configuration: configOf(row),
    opening: { ceilingPrice: openingOf(row).ceilingPrice, floatPoint: openingOf(row).floatPoint },
    committee: membersOf(row).map((m) => ({ memberId: m.id, name: m.name, kind: m.kind, chair: m.id === state.chairId })),
    bids: bids.map((b) => ({ bidId: b.bidId, bidderId: b.bidderId, bidderName: b.bidderName, price: b.price })),
    rejections: state.rejected.map((r) => ({ bidId: r.bidId, bidderName: bidOf(r.bidId)?.bidderName ?? '', code: r.code, article: articleOf(r.code)?.article ?? '', ground: articleOf(r.code)?.zh ?? '', reason: r.reason, step: r.step, at: r.at })),
    requests: requests.map((r) => ({ bidId: r.bid_id, kind: r.kind, question: r.question, deadline: r.deadline.toISOString(), answer: r.answer, answeredAt: r.answered_at?.toISOString() ?? null, decision: r.decision, decisionReason: r.decision_reason })),
    rescoreRequests: state.rescoreRequests,
    memberScores: memberTotals(state),
    priceScores: row.price_detail ?? null,
    ranking,
    candidates: ranking.filter((r) => r.candidate).map(({ candidate: _candidate, ...c }) => c),
    signatures: state.signatures.map((s) => ({ memberId: s.memberId, decision: s.decision, reason: s.reason, at: s.at })),
    completedAt: at.toISOString(),
    signatureAlgorithm: 'SM2-SM3',
    platformPublicKey,
  };
}

/**
 * The newest 200 evaluations of one committee member (`memberId`), or of everyone (null). The
 * member filter is the jsonb containment `members @> '[{"id": …}]'`, answered by the GIN index
 * `evaluation_by_member` (migration 2026_12_05_1402): a member's list never reads the others'
 * evaluations, however many there are. Only the step is read out of the state.
 */
export function evaluationListQuery(db: Executor, memberId: string | null) {
  let q = db
    .selectFrom('evaluation.evaluation')
    .select(['id', 'tender_id', 'section_code', 'status', 'created_at'])
    .select(sql<EvaluationState['step'] | null>`state ->> 'step'`.as('step'));
  if (memberId !== null) q = q.where(sql<boolean>`members @> ${JSON.stringify([{ id: memberId }])}::jsonb`);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200);
}

/** Evaluations the caller may see: their own committees; all for staff and supervisors. */
export async function listEvaluations(db: Executor, principal: Principal) {
  const all = principal.roles.includes('centreStaff') || principal.roles.includes('supervisor');
  const rows = await evaluationListQuery(db, all ? null : principal.userId).execute();
  return rows.map((r) => ({ id: r.id, tenderId: r.tender_id, sectionCode: r.section_code, status: r.status, step: r.step, createdAt: r.created_at.toISOString() }));
}

/** A bidder's written requests (clarifications, abnormally low prices) across evaluations. */
export async function bidderRequests(db: Executor, principal: Principal) {
  const rows = await db
    .selectFrom('evaluation.bidder_request as r')
    .innerJoin('evaluation.evaluation as e', 'e.id', 'r.evaluation_id')
    .selectAll('r')
    .select(['e.tender_id', 'e.section_code'])
    .where('r.bidder_id', '=', principal.userId)
    .orderBy('r.requested_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...requestDto(r), evaluationId: r.evaluation_id, tenderId: r.tender_id, sectionCode: r.section_code }));
}
