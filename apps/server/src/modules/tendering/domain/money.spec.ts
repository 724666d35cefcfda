import { describe, expect, it } from 'vitest';
import { BID_SECURITY_LIMIT, maxBidSecurity } from './money.js';

describe('bid security limit', () => {
  it('招标投标法实施条例 第二十六条: at most 2% of the estimated price, to the fen, rounded down', () => {
    expect(BID_SECURITY_LIMIT).toEqual({ percent: 2, article: '招标投标法实施条例 第二十六条' });
    expect(maxBidSecurity('15000000.00')).toBe('300000.00');
    expect(maxBidSecurity('0.49')).toBe('0.00');
    expect(maxBidSecurity('12345.67')).toBe('246.91');
  });
});
