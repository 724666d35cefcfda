import { describe, expect, it } from 'vitest';
import { LOCKOUT_POLICY, afterFailure, afterSuccess, isLocked } from './lockout.js';

const now = new Date('2026-03-02T02:00:00Z');

describe('account lockout (security.md §5: 15-minute lock after 5 failures)', () => {
  it('does not lock after 4 failures', () => {
    let c = afterSuccess();
    for (let i = 0; i < 4; i += 1) c = afterFailure(c, now);
    expect(isLocked(c, now)).toBe(false);
    expect(c.failedLogins).toBe(4);
  });

  it('locks for 15 minutes at the 5th consecutive failure', () => {
    let c = afterSuccess();
    for (let i = 0; i < LOCKOUT_POLICY.maxFailures; i += 1) c = afterFailure(c, now);
    expect(isLocked(c, now)).toBe(true);
    expect(isLocked(c, new Date(now.getTime() + 15 * 60_000 - 1))).toBe(true);
    expect(isLocked(c, new Date(now.getTime() + 15 * 60_000))).toBe(false);
  });

  it('a success resets the count', () => {
    expect(afterSuccess()).toEqual({ failedLogins: 0, lockedUntil: null });
  });
});
