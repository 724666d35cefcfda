import { fromFen, toFen } from '@ggzy/contracts';

/** 条例 26 (E19): the bid security may not exceed 2% of the estimated price. Returns the limit. */
export function maxBidSecurity(estimatedAmount: string): string {
  return fromFen((toFen(estimatedAmount) * 2n) / 100n);
}
