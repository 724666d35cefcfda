import type { Role } from '@ggzy/contracts';

/**
 * 等保 2.0 level 3 (GB/T 22239-2019, 8.1.4.1 身份鉴别) requires two or more authentication
 * factors for privileged and sensitive roles. ggzy requires a TOTP second factor of the roles
 * that run, judge or oversee trades (security.md §5).
 */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['centreStaff', 'expert', 'supervisor', 'admin'];

export function requiresSecondFactor(roles: readonly Role[]): boolean {
  return roles.some((role) => SECOND_FACTOR_ROLES.includes(role));
}

/** A second-factor challenge lives 5 minutes and allows 5 wrong codes. */
export const CHALLENGE_POLICY = { ttlMinutes: 5, maxAttempts: 5 } as const;

/** Roles a market player may ask for when registering; the others are granted by an administrator. */
export const SELF_REGISTRABLE_ROLES: readonly Role[] = ['tenderer', 'agency', 'bidder', 'expert', 'financialInstitution'];

/**
 * Password complexity for 等保 level 3: at least 8 characters from at least 3 of the 4 classes.
 * Returns undefined when acceptable, else what is missing.
 */
export function passwordProblem(password: string): 'tooShort' | 'tooSimple' | undefined {
  if (password.length < 8) return 'tooShort';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return classes >= 3 ? undefined : 'tooSimple';
}
