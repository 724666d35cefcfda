/**
 * The evaluation room (评标, lifecycles.md §4) as pure functions over an immutable state: steps,
 * score items, independent scoring, re-score requests, aggregation, ranking with tie rules, and
 * report signing that locks the data. The HTTP flow persists this state and audits every
 * transition; nothing here does I/O.
 *
 * Scores are decimal strings (2 dp by default), computed exactly with HALF_UP (decimal.ts).
 */
import { add, cmp, dec, div, fixed, fraction, roundHalfUp, sum, ZERO } from './decimal.js';

export const EVALUATION_STEPS = ['chairElection', 'qualification', 'preliminary', 'detailed', 'priceScore', 'other', 'result', 'signed'] as const;
export type EvaluationStep = (typeof EVALUATION_STEPS)[number];
/** Steps in which committee members score items. */
export type ScoringStep = 'qualification' | 'preliminary' | 'detailed' | 'other';

export class EvaluationRuleError extends Error {
  constructor(
    readonly code:
      | 'LOCKED'
      | 'WRONG_STEP'
      | 'NOT_A_MEMBER'
      | 'NOT_CHAIR'
      | 'ALREADY_SUBMITTED'
      | 'INCOMPLETE'
      | 'SCORE_OUT_OF_RANGE'
      | 'UNKNOWN_ITEM'
      | 'UNKNOWN_BID'
      | 'REASON_REQUIRED'
      | 'NOT_ALL_SIGNED'
      | 'ALREADY_SIGNED'
      | 'BID_REJECTED'
      | 'PRICE_NOT_SCORED',
    message: string,
  ) {
    super(message);
    this.name = 'EvaluationRuleError';
  }
}

/**
 * FIXED: the item gives exactly 0 or `points`; RANGE: any value in [min, max] with at most
 * `scale` decimals; PASS_FAIL: 'pass' or 'fail' (qualification and preliminary review: a
 * finding, not points — never added to a total; a 'fail' needs a written reason).
 */
export type ScoreItem =
  | { id: string; step: ScoringStep; name: string; kind: 'FIXED'; points: string }
  | { id: string; step: ScoringStep; name: string; kind: 'RANGE'; min: string; max: string; scale?: number }
  | { id: string; step: ScoringStep; name: string; kind: 'PASS_FAIL' };

export function checkScore(item: ScoreItem, value: string): void {
  if (item.kind === 'PASS_FAIL') {
    if (value !== 'pass' && value !== 'fail') throw new EvaluationRuleError('SCORE_OUT_OF_RANGE', `${item.name}: the finding is pass or fail`);
    return;
  }
  const v = dec(value);
  if (item.kind === 'FIXED') {
    if (cmp(v, ZERO) !== 0 && cmp(v, dec(item.points)) !== 0) throw new EvaluationRuleError('SCORE_OUT_OF_RANGE', `${item.name}: a fixed item scores 0 or ${item.points}`);
    return;
  }
  if (cmp(v, dec(item.min)) < 0 || cmp(v, dec(item.max)) > 0) throw new EvaluationRuleError('SCORE_OUT_OF_RANGE', `${item.name}: the score must be within ${item.min}–${item.max}`);
  const scale = item.scale ?? 2;
  if (cmp(roundHalfUp(v, scale), v) !== 0) {
    throw new EvaluationRuleError('SCORE_OUT_OF_RANGE', `${item.name}: at most ${scale} decimals`);
  }
}

export interface RescoreRequest {
  itemId: string;
  expertIds: string[];
  reason: string;
  by: string;
  at: string;
}

export interface Signature {
  memberId: string;
  /** agree; dissent with written reasons; refused without reasons = deemed consent (E48). */
  decision: 'agree' | 'dissent' | 'refusedDeemedConsent';
  reason: string | null;
  at: string;
}

/** A bid rejected by the committee (否决投标) with its statutory reason code (rejection.ts). */
export interface Rejection {
  bidId: string;
  code: string;
  reason: string;
  step: EvaluationStep;
  by: string;
  at: string;
}

export interface EvaluationState {
  step: EvaluationStep;
  members: string[];
  chairId: string | null;
  bidIds: string[];
  items: ScoreItem[];
  /** expertId → itemId → bidId → score. */
  scores: Record<string, Record<string, Record<string, string>>>;
  /** expertId → itemId → bidId → written reason (required for a 'fail' finding). */
  reasons: Record<string, Record<string, Record<string, string>>>;
  rejected: Rejection[];
  /** bidId → price score and price, set in the priceScore step (only bids not rejected). */
  priceScores: Record<string, { score: string; price: string }> | null;
  /** expertId → steps submitted. */
  submitted: Record<string, ScoringStep[]>;
  rescoreRequests: RescoreRequest[];
  signatures: Signature[];
  locked: boolean;
}

export function startEvaluation(input: { members: readonly string[]; bidIds: readonly string[]; items: readonly ScoreItem[] }): EvaluationState {
  const ids = new Set(input.items.map((i) => i.id));
  if (ids.size !== input.items.length) throw new RangeError('Score item ids must be unique');
  return {
    step: 'chairElection',
    members: [...input.members],
    chairId: null,
    bidIds: [...input.bidIds],
    items: [...input.items],
    scores: {},
    reasons: {},
    rejected: [],
    priceScores: null,
    submitted: {},
    rescoreRequests: [],
    signatures: [],
    locked: false,
  };
}

/** Bids still in the evaluation: not rejected. Later steps score only these. */
export function activeBids(state: EvaluationState): string[] {
  const out = new Set(state.rejected.map((r) => r.bidId));
  return state.bidIds.filter((b) => !out.has(b));
}

function assertOpen(state: EvaluationState): void {
  if (state.locked) throw new EvaluationRuleError('LOCKED', 'The evaluation report is signed; the evaluation data are locked');
}
function assertMember(state: EvaluationState, id: string): void {
  if (!state.members.includes(id)) throw new EvaluationRuleError('NOT_A_MEMBER', `${id} is not a committee member`);
}
const isScoringStep = (step: EvaluationStep): step is ScoringStep => step === 'qualification' || step === 'preliminary' || step === 'detailed' || step === 'other';

export function electChair(state: EvaluationState, chairId: string): EvaluationState {
  assertOpen(state);
  assertMember(state, chairId);
  if (state.step !== 'chairElection') throw new EvaluationRuleError('WRONG_STEP', 'The chair is elected before the reviews start');
  return { ...state, chairId, step: 'qualification' };
}

/** Everyone submitted every item of the current scoring step (or the step has no items). */
export function stepComplete(state: EvaluationState): boolean {
  if (!isScoringStep(state.step)) return true;
  const step = state.step;
  if (!state.items.some((i) => i.step === step)) return true;
  return state.members.every((m) => (state.submitted[m] ?? []).includes(step));
}

/** Moves to the next step; a scoring step needs every member's submission (no silent skipping). */
export function advance(state: EvaluationState): EvaluationState {
  assertOpen(state);
  if (state.step === 'chairElection') throw new EvaluationRuleError('WRONG_STEP', 'Elect the chair first');
  if (state.step === 'result' || state.step === 'signed') throw new EvaluationRuleError('WRONG_STEP', 'The result step ends with the signatures');
  if (!stepComplete(state)) throw new EvaluationRuleError('INCOMPLETE', 'Every member must submit this step first');
  if (state.step === 'priceScore' && state.priceScores === null) throw new EvaluationRuleError('PRICE_NOT_SCORED', 'The price scores are computed before leaving the price step');
  const next = EVALUATION_STEPS[EVALUATION_STEPS.indexOf(state.step) + 1];
  if (!next) throw new EvaluationRuleError('WRONG_STEP', 'No step follows');
  return { ...state, step: next };
}

export function recordScore(state: EvaluationState, expertId: string, itemId: string, bidId: string, value: string, reason?: string): EvaluationState {
  assertOpen(state);
  assertMember(state, expertId);
  const item = state.items.find((i) => i.id === itemId);
  if (!item) throw new EvaluationRuleError('UNKNOWN_ITEM', `No score item ${itemId}`);
  if (!state.bidIds.includes(bidId)) throw new EvaluationRuleError('UNKNOWN_BID', `No bid ${bidId}`);
  if (!activeBids(state).includes(bidId)) throw new EvaluationRuleError('BID_REJECTED', `Bid ${bidId} was rejected`);
  if (item.step !== state.step) throw new EvaluationRuleError('WRONG_STEP', `${item.name} belongs to the ${item.step} step`);
  if ((state.submitted[expertId] ?? []).includes(item.step)) throw new EvaluationRuleError('ALREADY_SUBMITTED', 'Scores of a submitted step change only through a re-score request');
  checkScore(item, value);
  const note = reason?.trim() ?? '';
  if (value === 'fail' && note.length === 0) throw new EvaluationRuleError('REASON_REQUIRED', `${item.name}: a fail finding needs a written reason`);
  const mine = state.scores[expertId] ?? {};
  const myReasons = state.reasons[expertId] ?? {};
  const itemReasons = { ...myReasons[itemId] };
  if (note.length > 0) itemReasons[bidId] = note;
  else delete itemReasons[bidId];
  return {
    ...state,
    scores: { ...state.scores, [expertId]: { ...mine, [itemId]: { ...mine[itemId], [bidId]: value } } },
    reasons: { ...state.reasons, [expertId]: { ...myReasons, [itemId]: itemReasons } },
  };
}

export function submitStep(state: EvaluationState, expertId: string): EvaluationState {
  assertOpen(state);
  assertMember(state, expertId);
  const step = state.step;
  if (!isScoringStep(step)) throw new EvaluationRuleError('WRONG_STEP', 'Nothing to submit in this step');
  if ((state.submitted[expertId] ?? []).includes(step)) throw new EvaluationRuleError('ALREADY_SUBMITTED', 'Already submitted');
  for (const item of state.items.filter((i) => i.step === step)) {
    for (const bid of activeBids(state)) {
      if (state.scores[expertId]?.[item.id]?.[bid] === undefined) throw new EvaluationRuleError('INCOMPLETE', `${item.name} is not scored for bid ${bid}`);
    }
  }
  return { ...state, submitted: { ...state.submitted, [expertId]: [...(state.submitted[expertId] ?? []), step] } };
}

/** Scores a member may see: always their own; the others' only after submitting that step. */
export function visibleScores(state: EvaluationState, viewerId: string): EvaluationState['scores'] {
  assertMember(state, viewerId);
  const submitted = new Set(state.submitted[viewerId] ?? []);
  const out: EvaluationState['scores'] = {};
  for (const [expertId, items] of Object.entries(state.scores)) {
    const visible = Object.fromEntries(Object.entries(items).filter(([itemId]) => {
      if (expertId === viewerId) return true;
      const item = state.items.find((i) => i.id === itemId);
      return item !== undefined && submitted.has(item.step);
    }));
    if (Object.keys(visible).length > 0) out[expertId] = visible;
  }
  return out;
}

/**
 * The chair asks for a re-score of one item (by some or all members) with a reason: those
 * members' submission of the item's step is reopened and their scores of that item cleared.
 */
export function requestRescore(state: EvaluationState, chairId: string, request: { itemId: string; expertIds?: readonly string[]; reason: string; at: string }): EvaluationState {
  assertOpen(state);
  if (state.chairId !== chairId) throw new EvaluationRuleError('NOT_CHAIR', 'Only the chair may request a re-score');
  if (request.reason.trim().length === 0) throw new EvaluationRuleError('REASON_REQUIRED', 'A re-score request needs a reason');
  const item = state.items.find((i) => i.id === request.itemId);
  if (!item) throw new EvaluationRuleError('UNKNOWN_ITEM', `No score item ${request.itemId}`);
  if (item.step !== state.step) throw new EvaluationRuleError('WRONG_STEP', 'Only items of the current step can be re-scored');
  const experts = request.expertIds && request.expertIds.length > 0 ? [...request.expertIds] : [...state.members];
  experts.forEach((e) => assertMember(state, e));
  const scores = { ...state.scores };
  const submitted = { ...state.submitted };
  const reasons = { ...state.reasons };
  for (const e of experts) {
    const { [item.id]: _cleared, ...rest } = scores[e] ?? {};
    scores[e] = rest;
    const { [item.id]: _clearedReasons, ...otherReasons } = reasons[e] ?? {};
    reasons[e] = otherReasons;
    submitted[e] = (submitted[e] ?? []).filter((s) => s !== item.step);
  }
  return { ...state, scores, reasons, submitted, rescoreRequests: [...state.rescoreRequests, { itemId: item.id, expertIds: experts, reason: request.reason, by: chairId, at: request.at }] };
}

// ---------------------------------------------------------------------------------------------
// Rejection (否决投标) and price scores

/** Steps in which the committee may reject a bid: the reviews, and the price step until prices are scored. */
const REJECTION_STEPS: readonly EvaluationStep[] = ['qualification', 'preliminary', 'detailed', 'priceScore'];

/**
 * The chair records the committee's rejection of a bid with a statutory reason code (checked
 * against rejection.ts by the caller) and written grounds. The bid leaves every later step;
 * scores it already has stay on the record. After the price scores are computed no bid is
 * rejected any more (the base price would change under the members' feet).
 */
export function rejectBid(state: EvaluationState, chairId: string, rejection: { bidId: string; code: string; reason: string; at: string }): EvaluationState {
  assertOpen(state);
  if (state.chairId !== chairId) throw new EvaluationRuleError('NOT_CHAIR', 'Only the chair records a rejection');
  if (!REJECTION_STEPS.includes(state.step) || state.priceScores !== null) throw new EvaluationRuleError('WRONG_STEP', 'Bids are rejected during the reviews, before the price scores');
  if (!state.bidIds.includes(rejection.bidId)) throw new EvaluationRuleError('UNKNOWN_BID', `No bid ${rejection.bidId}`);
  if (!activeBids(state).includes(rejection.bidId)) throw new EvaluationRuleError('BID_REJECTED', `Bid ${rejection.bidId} was already rejected`);
  if (rejection.reason.trim().length === 0) throw new EvaluationRuleError('REASON_REQUIRED', 'A rejection needs written grounds');
  return { ...state, rejected: [...state.rejected, { ...rejection, reason: rejection.reason.trim(), step: state.step, by: chairId }] };
}

/** The system's price scores (price-method.ts) for exactly the bids still in the evaluation, in the price step. */
export function setPriceScores(state: EvaluationState, scores: Readonly<Record<string, { score: string; price: string }>>): EvaluationState {
  assertOpen(state);
  if (state.step !== 'priceScore') throw new EvaluationRuleError('WRONG_STEP', 'Price scores are computed in the price step');
  if (state.priceScores !== null) throw new EvaluationRuleError('ALREADY_SUBMITTED', 'The price scores are already computed');
  const active = activeBids(state);
  const given = Object.keys(scores);
  if (given.length !== active.length || !active.every((b) => scores[b] !== undefined)) throw new EvaluationRuleError('UNKNOWN_BID', 'Price scores must cover exactly the bids not rejected');
  return { ...state, priceScores: { ...scores } };
}

/** Each member's total of point items per bid (HALF_UP at `scale`): the report's per-member scores. */
export function memberTotals(state: EvaluationState, scale = 2): Record<string, Record<string, string>> {
  const pointItems = state.items.filter((i) => i.kind !== 'PASS_FAIL');
  return Object.fromEntries(
    state.members.map((m) => [m, Object.fromEntries(activeBids(state).map((b) => [b, fixed(sum(pointItems.map((i) => dec(state.scores[m]?.[i.id]?.[b] ?? '0'))), scale)]))]),
  );
}

// ---------------------------------------------------------------------------------------------
// Aggregation and ranking

export interface BidTotal {
  bidId: string;
  /** Mean over members of each member's sum of item scores (HALF_UP, 2 dp). */
  expertScore: string;
  priceScore: string;
  total: string;
  /** Bid price (yuan), for the tie rule. */
  price: string;
}

/** Per bid: the mean of the members' item sums (HALF_UP at `scale`) plus the price score. */
export function aggregate(state: EvaluationState, priceScores: Readonly<Record<string, { score: string; price: string }>>, scale = 2): BidTotal[] {
  const pointItems = state.items.filter((i) => i.kind !== 'PASS_FAIL');
  return activeBids(state).map((bidId) => {
    const perMember = state.members.map((m) => sum(pointItems.map((i) => dec(state.scores[m]?.[i.id]?.[bidId] ?? '0'))));
    const expertScore = state.members.length === 0 ? ZERO : div(sum(perMember), fraction(BigInt(state.members.length)));
    const price = priceScores[bidId];
    if (!price) throw new EvaluationRuleError('UNKNOWN_BID', `No price score for bid ${bidId}`);
    const rounded = dec(fixed(expertScore, scale));
    return { bidId, expertScore: fixed(expertScore, scale), priceScore: price.score, total: fixed(add(rounded, dec(price.score)), scale), price: price.price };
  });
}

/**
 * Tie rules (set by the tender documents): `lowerPrice` (GP G32: ties ordered by price),
 * `higherExpertScore` (technical/commercial score first), then `lots` — an explicit order drawn
 * publicly (bid ids, first = better) for what remains tied. Without a rule that separates them,
 * tied bids share a rank.
 */
export type TieRule = { kind: 'lowerPrice' } | { kind: 'higherExpertScore' } | { kind: 'lots'; order: readonly string[] };

export interface RankedBid extends BidTotal {
  rank: number;
  candidate: boolean;
}

export function rankBids(totals: readonly BidTotal[], tieRules: readonly TieRule[], maxCandidates = 3): RankedBid[] {
  const tie = (a: BidTotal, b: BidTotal): number => {
    for (const rule of tieRules) {
      let c = 0;
      if (rule.kind === 'lowerPrice') c = cmp(dec(a.price), dec(b.price));
      else if (rule.kind === 'higherExpertScore') c = cmp(dec(b.expertScore), dec(a.expertScore));
      else {
        const ia = rule.order.indexOf(a.bidId);
        const ib = rule.order.indexOf(b.bidId);
        c = ia === -1 || ib === -1 ? 0 : ia - ib;
      }
      if (c !== 0) return c;
    }
    return 0;
  };
  const sorted = [...totals].toSorted((a, b) => cmp(dec(b.total), dec(a.total)) || tie(a, b) || (a.bidId < b.bidId ? -1 : 1));
  const ranked: RankedBid[] = [];
  sorted.forEach((t, i) => {
    const prev = sorted[i - 1];
    const same = prev !== undefined && cmp(dec(prev.total), dec(t.total)) === 0 && tie(prev, t) === 0;
    const rank = same ? (ranked[i - 1]?.rank ?? i + 1) : i + 1;
    ranked.push({ ...t, rank, candidate: rank <= maxCandidates });
  });
  return ranked;
}

// ---------------------------------------------------------------------------------------------
// Report signing (E48): every member signs; dissent needs written reasons; refusal without reasons is consent.

export function sign(state: EvaluationState, memberId: string, decision: 'agree' | 'dissent' | 'refuse', reason: string | null, at: string): EvaluationState {
  assertOpen(state);
  assertMember(state, memberId);
  if (state.step !== 'result') throw new EvaluationRuleError('WRONG_STEP', 'The report is signed in the result step');
  if (state.signatures.some((s) => s.memberId === memberId)) throw new EvaluationRuleError('ALREADY_SIGNED', 'Already signed');
  if (decision === 'dissent' && (!reason || reason.trim().length === 0)) throw new EvaluationRuleError('REASON_REQUIRED', 'A dissent needs written reasons');
  const signature: Signature =
    decision === 'refuse'
      ? reason && reason.trim().length > 0
        ? { memberId, decision: 'dissent', reason, at }
        : { memberId, decision: 'refusedDeemedConsent', reason: null, at }
      : { memberId, decision, reason: decision === 'dissent' ? reason : null, at };
  const signatures = [...state.signatures, signature];
  const all = state.members.every((m) => signatures.some((s) => s.memberId === m));
  return all ? { ...state, signatures, step: 'signed', locked: true } : { ...state, signatures };
}
