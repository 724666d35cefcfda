/**
 * Every statutory number of candidate publicity, award and the award notice (rules.md §1.5 E49–E56,
 * §2 G7, G15, G16), each with its article. Flows read this table; deadline arithmetic is the
 * tendering module's one calculator (`dateAfter`, `satisfiesMinimum`, rules.md T1–T5).
 */
import type { Period } from '../../tendering/index.js';

const cal = (days: number, article: string): Period => ({ days, counting: 'calendar', article });
const wd = (days: number, article: string): Period => ({ days, counting: 'working', article });

export const AWARD_RULES = {
  /** E48: at most 3 candidates, ranked. */
  maxCandidates: { value: 3, article: '招标投标法实施条例 第五十三条' },
  /** E49: publicity starts within 3 days of receiving the evaluation report… */
  publicityStart: cal(3, '招标投标法实施条例 第五十四条'),
  /** E49: …and lasts at least 3 days. */
  publicityDuration: cal(3, '招标投标法实施条例 第五十四条'),
  /** E50: objections to the result only during publicity; answered within 3 days; activity suspended meanwhile. */
  objectionReply: cal(3, '招标投标法实施条例 第五十四条'),
  /** E54: written report to the supervisory department within 15 days of determining the winner. */
  supervisorReport: cal(15, '招标投标法 第四十七条'),
  /** E55: contract within 30 days of the award notice. */
  contract: cal(30, '招标投标法 第四十六条'),
  /** E56: deposits returned at the latest 5 days after the contract is signed. */
  depositRefundAfterContract: cal(5, '招标投标法实施条例 第五十七条'),
  /** G15: the agency sends the report to the purchaser within 2 working days of the evaluation. */
  gpReportToPurchaser: wd(2, '政府采购法实施条例 第四十三条'),
  /** G15: the purchaser decides within 5 working days of receiving the report, in candidate order. */
  gpDecision: wd(5, '政府采购法实施条例 第四十三条'),
  /** G15: notice and result publication within 2 working days of the decision. */
  gpNotice: wd(2, '政府采购法实施条例 第四十三条'),
  /** G16: contract within 30 days of the award notice. */
  gpContract: cal(30, '政府采购法 第四十六条'),
  /** G7: losers' deposits returned within 5 working days of the award notice. */
  gpLoserDepositRefund: wd(5, '政府采购法实施条例 第三十三条'),
} as const;

/**
 * E51 (条例 55): for state-controlled projects that must be tendered, rank 1 wins unless one of
 * these applies; then the next candidate in order, or a re-tender. `tendererChoice` is not a legal
 * fallback: it is allowed only where the order does not bind (non-state engineering, 法 40).
 */
export const FALLBACK_REASONS = ['waived', 'forceMajeure', 'noPerformanceSecurity', 'violation', 'tendererChoice'] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

export const FALLBACK_REASON_TEXT: Record<FallbackReason, string> = {
  waived: '放弃中标',
  forceMajeure: '因不可抗力不能履行合同',
  noPerformanceSecurity: '不按照招标文件要求提交履约保证金',
  violation: '被查实存在影响中标结果的违法行为',
  tendererChoice: '招标人在中标候选人中另行确定',
};

export const FALLBACK_ARTICLE = '招标投标法实施条例 第五十五条';

/** Funding sources (project module) of state-controlled projects (国有资金占控股或者主导地位). */
export const STATE_CONTROLLED_FUNDING: readonly string[] = ['stateBudget', 'stateOwnedCapital', 'mixedStateControlled'];

/**
 * Whether the candidate order binds the award: always in GP (GP条例 43: 按顺序确定), and in
 * engineering for state-controlled projects (条例 55). An unknown funding source binds (the safe side).
 */
export function candidateOrderBinds(sector: 'engineering' | 'governmentProcurement', fundingSource: string | null | undefined): boolean {
  if (sector === 'governmentProcurement') return true;
  return fundingSource === null || fundingSource === undefined || STATE_CONTROLLED_FUNDING.includes(fundingSource);
}
