/**
 * Account lockout (等保 level 3; defaults from domain/security.md §5: a 15-minute lock after
 * 5 consecutive failures). Pure: the service stores what these return.
 */
export const LOCKOUT_POLICY = { maxFailures: 5, lockMinutes: 15 } as const;

export interface LoginCounters {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function isLocked(counters: LoginCounters, now: Date): boolean {
  return counters.lockedUntil !== null && counters.lockedUntil.getTime() > now.getTime();
}

export function afterFailure(counters: LoginCounters, now: Date, policy = LOCKOUT_POLICY): LoginCounters {
  const failedLogins = counters.failedLogins + 1;
  if (failedLogins < policy.maxFailures) return { failedLogins, lockedUntil: null };
  return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
}

export const afterSuccess = (): LoginCounters => ({ failedLogins: 0, lockedUntil: null });
