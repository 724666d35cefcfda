/** Money as decimal strings (yuan, ≤ 2 decimals) compared in integer fen, never as floats. */
export const AMOUNT_PATTERN = '^\\d{1,16}(\\.\\d{1,2})?$';

export function toFen(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

export function fromFen(fen: bigint): string {
  const whole = fen / 100n;
  const cents = (fen % 100n).toString().padStart(2, '0');
  return `${whole}.${cents}`;
}

/** 条例 26 (E19): the bid security may not exceed 2% of the estimated price. Returns the limit. */
export function maxBidSecurity(estimatedAmount: string): string {
  return fromFen((toFen(estimatedAmount) * 2n) / 100n);
}
