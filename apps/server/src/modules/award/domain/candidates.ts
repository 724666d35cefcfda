/**
 * The candidate list of a signed evaluation report and the choice of the winner in rank order
 * (条例 53, 55; GP条例 43). Pure functions: the service maps the problems to errors.
 */
import { AWARD_RULES, type FallbackReason } from './award-rules.js';

export interface Candidate {
  rank: number;
  bidderId: string;
  bidderName: string;
  /** Yuan, a decimal string. */
  price: string;
  /** The committee's total score (decimal string), null where the method has none (lowest price). */
  score: string | null;
}

/** A candidate the tenderer passed over, and why (E51: recorded with the award). */
export interface PassOver {
  rank: number;
  reason: FallbackReason;
  note: string;
  /** ISO instant. */
  at: string;
}

export type CandidateListProblem = 'empty' | 'tooMany' | 'ranksNotConsecutive' | 'duplicateBidder';

/** A report's list is usable when it has 1–3 candidates, ranked 1…n, each bidder once. */
export function candidateListProblem(candidates: readonly Candidate[]): CandidateListProblem | null {
  if (candidates.length === 0) return 'empty';
  if (candidates.length > AWARD_RULES.maxCandidates.value) return 'tooMany';
  const ranks = candidates.map((c) => c.rank).toSorted((a, b) => a - b);
  if (ranks.some((rank, i) => rank !== i + 1)) return 'ranksNotConsecutive';
  if (new Set(candidates.map((c) => c.bidderId)).size !== candidates.length) return 'duplicateBidder';
  return null;
}

export function byRank(candidates: readonly Candidate[]): Candidate[] {
  return candidates.toSorted((a, b) => a.rank - b.rank);
}

/** The first candidate in rank order not passed over; undefined when none is left (failed, re-tender). */
export function nextWinner(candidates: readonly Candidate[], passedOver: readonly Pick<PassOver, 'rank'>[]): Candidate | undefined {
  const skipped = new Set(passedOver.map((p) => p.rank));
  return byRank(candidates).find((c) => !skipped.has(c.rank));
}

export type PassOverProblem = 'unknownRank' | 'alreadyPassedOver' | 'reasonNotLegal' | 'notNextInOrder';

/**
 * Whether `next` may be passed over after `passedOver`. Where the order binds, only the candidate
 * who would win now may be passed over, and only for a legal reason of 条例 55 (not a choice).
 */
export function passOverProblem(
  candidates: readonly Candidate[],
  passedOver: readonly Pick<PassOver, 'rank'>[],
  next: Pick<PassOver, 'rank' | 'reason'>,
  orderBinds: boolean,
): PassOverProblem | null {
  if (!candidates.some((c) => c.rank === next.rank)) return 'unknownRank';
  if (passedOver.some((p) => p.rank === next.rank)) return 'alreadyPassedOver';
  if (!orderBinds) return null;
  if (next.reason === 'tendererChoice') return 'reasonNotLegal';
  if (nextWinner(candidates, passedOver)?.rank !== next.rank) return 'notNextInOrder';
  return null;
}
