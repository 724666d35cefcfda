/**
 * Hand-written API types matching the server contract of the first milestone. They will be
 * replaced by the types generated from openapi.json into packages/contracts.
 */

/** Platform roles (domain glossary code identifiers). */
export const roles = [
  'tenderer',
  'agency',
  'bidder',
  'expert',
  'centreStaff',
  'supervisor',
  'financialInstitution',
  'admin',
] as const;
export type Role = (typeof roles)[number];

/** The five trade categories of the trading hall. */
export const tradeCategories = [
  'engineeringConstruction',
  'governmentProcurement',
  'landUseRight',
  'miningRight',
  'propertyRightsTrade',
] as const;
export type TradeCategory = (typeof tradeCategories)[number];

export type Locale = 'zh-CN' | 'en';

/** GET /api/auth/me, POST /api/auth/login */
export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  entityName: string | null;
  regionCode: string | null;
}

/** POST /api/auth/login */
export interface LoginRequest {
  username: string;
  password: string;
}

export type TotpAlgorithm = 'SHA256' | 'SM3' | 'SHA1';

/**
 * POST /api/auth/login answers this instead of the profile for roles that need a TOTP second
 * factor (centreStaff, expert, supervisor, admin — 等保 level 3). `enrollment` comes on the
 * first sign-in, before the user has an authenticator.
 */
export interface SecondFactorStep {
  secondFactor: {
    challenge: string;
    enrollment?: { secret: string; otpauthUri: string; algorithm: TotpAlgorithm };
  };
}

export type LoginResponse = CurrentUser | SecondFactorStep;

export function isSecondFactorStep(response: LoginResponse): response is SecondFactorStep {
  return 'secondFactor' in response;
}

/** POST /api/auth/login/second-factor → CurrentUser */
export interface SecondFactorRequest {
  challenge: string;
  code: string;
}

/** GET /api/auth/demo-accounts (demo mode only) */
export interface DemoAccount {
  username: string;
  role: Role;
  displayName: string;
  /** Demo only: base32 authenticator secret of a user who needs a second factor. */
  totpSecret?: string;
  totpAlgorithm?: string;
}
export interface DemoAccounts {
  items: DemoAccount[];
  password: string;
}

/** GET /api/regions?parent= */
export type RegionLevel = 'province' | 'prefecture' | 'county';
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}
export interface RegionList {
  items: Region[];
}

/** GET /api/portal/announcements */
export interface Announcement {
  id: string;
  title: string;
  category: TradeCategory;
  regionCode: string;
  /** Null when the code is not in the region table. */
  regionName: string | null;
  /** ISO 8601 instant */
  publishedAt: string;
  url: string;
}
export interface AnnouncementList {
  items: Announcement[];
  total: number;
}
export interface AnnouncementQuery {
  category?: TradeCategory | undefined;
  regionCode?: string | undefined;
  limit?: number | undefined;
}

/** The error body of every non-2xx response. */
export interface ErrorBody {
  code: string;
  /** Already localised by the server according to Accept-Language. */
  message: string;
  details?: unknown;
  requestId: string;
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
