import { describe, expect, it } from 'vitest';
import { formatAmount, sumAmounts, toWan } from './parts';

describe('amount helpers (decimal strings, never floats)', () => {
  it('groups thousands', () => expect(formatAmount('12800000.00')).toBe('12,800,000.00'));
  it('sums exactly where floats would not', () => expect(sumAmounts(['0.10', '0.20', 'x', '9007199254740993.01'])).toBe('9007199254740993.31'));
  it('converts to 万元 rounding half up', () => {
    expect(toWan('12800000')).toBe('1280.00');
    expect(toWan('50')).toBe('0.01');
    expect(toWan('49.99')).toBe('0.00');
  });
});
