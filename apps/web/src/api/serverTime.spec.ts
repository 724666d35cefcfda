import { describe, expect, it } from 'vitest';
import { clockOffset } from './serverTime';

describe('the offset to the server clock', () => {
  it('takes the answer as stamped halfway through the request', () => {
    // Asked at 1 000, answered at 1 200: the server said 11 100 at about 1 100 by this device.
    expect(clockOffset(1_000, 1_200, new Date(11_100).toISOString())).toBe(10_000);
  });

  it('is negative when the device runs ahead of the server', () => {
    expect(clockOffset(50_000, 50_000, new Date(20_000).toISOString())).toBe(-30_000);
  });
});
