import { fromFen, toFen } from '@ggzy/contracts';

/** 条例 26 (E19): the bid security may not exceed 2% of the estimated price. Served to the web form by `GET /api/tendering/rules`. */
export const BID_SECURITY_LIMIT = { percent: 2, article: '招标投标法实施条例 第二十六条' } as const;

/** The highest bid security allowed for `estimatedAmount` (yuan). */
export function maxBidSecurity(estimatedAmount: string): string {
  return fromFen((toFen(estimatedAmount) * BigInt(BID_SECURITY_LIMIT.percent)) / 100n);
}
