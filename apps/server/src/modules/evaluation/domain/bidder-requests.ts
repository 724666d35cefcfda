/**
 * What the committee asks a bidder in writing during evaluation, as pure rules:
 *
 *   - clarification (澄清、说明, rules.md E44 — 招标投标法 第三十九条, 实施条例 第五十二条): written
 *     request with a deadline, written answer within the bid's scope; the committee may not take
 *     unsolicited clarifications, so a bidder only ever answers a request. The evaluation clock keeps
 *     running (lifecycles.md §4).
 *   - abnormally low price (rules.md G34; engineering 法 第三十三条 / 条例 第五十一条第（五）项): the
 *     committee flags a price and the bidder must explain it in writing before price scoring.
 *     Neither the statutes held nor formulas.md give a threshold (formulas.md §3 only says such
 *     prices "need a written explanation"), so flagging is a committee decision recorded with its
 *     reason — `ABNORMAL_LOW_THRESHOLD` is deliberately absent.
 */
import type { EvaluationStep } from './evaluation.js';

export const REQUEST_KINDS = ['clarification', 'abnormalLowPrice'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_ARTICLES: Record<RequestKind, string> = {
  clarification: '招标投标法 第三十九条；招标投标法实施条例 第五十二条',
  abnormalLowPrice: '招标投标法 第三十三条；招标投标法实施条例 第五十一条；财政部令第87号 (verify)',
};

export interface BidderRequest {
  kind: RequestKind;
  bidId: string;
  deadline: Date;
  answeredAt: Date | null;
  decision: 'accepted' | 'rejected' | null;
}

export type RequestProblem = 'WRONG_STEP' | 'DEADLINE_PAST' | 'ALREADY_ANSWERED' | 'LATE' | 'ALREADY_DECIDED' | 'EXPLANATION_PENDING' | 'NOT_ABNORMAL_LOW';

/**
 * When a request may be made: clarifications during the reviews (lifecycles.md §4: qualification,
 * preliminary, detailed); an abnormally low price from the detailed review until the price scores
 * are computed. The deadline must lie ahead.
 */
export function requestProblem(kind: RequestKind, step: EvaluationStep, priceScored: boolean, deadline: Date, now: Date): RequestProblem | undefined {
  const steps: readonly EvaluationStep[] = kind === 'clarification' ? ['qualification', 'preliminary', 'detailed'] : ['detailed', 'priceScore'];
  if (!steps.includes(step) || priceScored) return 'WRONG_STEP';
  if (deadline.getTime() <= now.getTime()) return 'DEADLINE_PAST';
  return undefined;
}

/** A written answer is taken once, strictly before the deadline (an answer at the deadline instant is late, as bids are). */
export function answerProblem(request: BidderRequest, now: Date): RequestProblem | undefined {
  if (request.answeredAt !== null) return 'ALREADY_ANSWERED';
  if (now.getTime() >= request.deadline.getTime()) return 'LATE';
  return undefined;
}

/**
 * The committee's decision on a flagged price. Accepting needs the bidder's explanation (an
 * unexplained abnormally low price is not valid, G34); rejecting is possible once the
 * explanation is in, or once the deadline passed without one. Before that the bidder still has time.
 */
export function decisionProblem(request: BidderRequest, outcome: 'accepted' | 'rejected', now: Date): RequestProblem | undefined {
  if (request.kind !== 'abnormalLowPrice') return 'NOT_ABNORMAL_LOW';
  if (request.decision !== null) return 'ALREADY_DECIDED';
  const overdue = now.getTime() >= request.deadline.getTime();
  if (request.answeredAt === null && (outcome === 'accepted' || !overdue)) return 'EXPLANATION_PENDING';
  return undefined;
}

/** Bids whose flagged price is not yet decided: the price scores wait for them. */
export function undecidedAbnormalLow(requests: readonly BidderRequest[]): string[] {
  return requests.filter((r) => r.kind === 'abnormalLowPrice' && r.decision === null).map((r) => r.bidId);
}
