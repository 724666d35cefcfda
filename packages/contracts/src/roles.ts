/**
 * The roles a user can hold (glossary: domain/README.md). One list for server guards, the web
 * workspace navigation and the demo seed.
 */
export const ROLES = ['tenderer', 'agency', 'bidder', 'expert', 'centreStaff', 'supervisor', 'financialInstitution', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Trade categories shown in the trading hall (交易大厅). */
export const TRADE_CATEGORIES = [
  'engineeringConstruction',
  'governmentProcurement',
  'landUseRight',
  'miningRight',
  'propertyRightsTrade',
] as const;

export type TradeCategory = (typeof TRADE_CATEGORIES)[number];
