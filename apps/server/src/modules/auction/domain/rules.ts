/**
 * Every number of land, mining and property listing and auction, in ONE table. Each row names
 * its source (rules.md row and the article it cites) and its status: the land rows come from
 * local rules citing 国土资源部令第39号, which is not yet held in shared/reference/laws, so they
 * are per-notice parameters with these defaults (domain/README.md conventions); 拍卖法 rows are
 * law text.
 */
export interface AuctionRule {
  value: number | readonly number[];
  unit: 'days' | 'minutes' | 'seconds' | 'count' | 'workingDays';
  /** rules.md / formulas.md row id. */
  rule: string;
  source: string;
  status: 'statute' | 'statute (to verify)' | 'local rule (per-notice default)' | 'provincial configurable default' | 'design decision';
}

export const AUCTION_RULES = {
  /** L1: the listing notice is published at least 20 days before listing starts. */
  landAnnouncementLeadDays: { value: 20, unit: 'days', rule: 'L1', source: '国土资源部令第39号 (cited by the Taicang rules)', status: 'statute (to verify)' },
  /** L2: quotes are accepted for at least 10 days. */
  minListingDays: { value: 10, unit: 'days', rule: 'L2', source: '国土资源部令第39号', status: 'statute (to verify)' },
  /** A1: an auction (拍卖) is announced at least 7 days before the auction day. */
  auctionAnnouncementLeadDays: { value: 7, unit: 'days', rule: 'A1', source: '拍卖法 第四十五条', status: 'statute' },
  /** L6: the seller enters the sealed reserve price not earlier than 30 minutes before listing ends. */
  reserveWindowMinutes: { value: 30, unit: 'minutes', rule: 'L6', source: 'Taicang; Shantou online listing rules', status: 'local rule (per-notice default)' },
  /** L8: timed bidding starts automatically with at least 2 bidders holding valid offers (Taicang). */
  timedEntryMinBidders: { value: 2, unit: 'count', rule: 'L8', source: 'Taicang online listing rules', status: 'local rule (per-notice default)' },
  /** L9: the countdown length, restarted by every valid offer (Taicang 4 min; Qinzhou/Shantou 5 min). */
  countdownMinutes: { value: 4, unit: 'minutes', rule: 'L9', source: 'Taicang online listing rules (Guizhou: configurable per notice)', status: 'provincial configurable default' },
  /** L10: three warnings in the last minute; the offsets are a design decision (formulas.md §6.2). */
  warningOffsetsSeconds: { value: [60, 30, 10], unit: 'seconds', rule: 'L10', source: 'Taicang rules (three warnings); offsets: formulas.md §6.2', status: 'design decision' },
  /** L13: resumption after a suspension is announced at least 5 days before resuming. */
  resumeNoticeDays: { value: 5, unit: 'days', rule: 'L13', source: 'Taicang online listing rules', status: 'local rule (per-notice default)' },
  /** L14: the winner prints the online winning certificate within 1 day. */
  winCertificateDays: { value: 1, unit: 'days', rule: 'L14', source: 'Taicang online listing rules', status: 'local rule (per-notice default)' },
  /** L15: documents verified and the deal confirmation issued within 2 working days. */
  dealConfirmationWorkingDays: { value: 2, unit: 'workingDays', rule: 'L15', source: 'Taicang online listing rules', status: 'local rule (per-notice default)' },
} as const satisfies Record<string, AuctionRule>;

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const DEFAULT_COUNTDOWN_MS = AUCTION_RULES.countdownMinutes.value * MINUTE_MS;
export const RESERVE_WINDOW_MS = AUCTION_RULES.reserveWindowMinutes.value * MINUTE_MS;
