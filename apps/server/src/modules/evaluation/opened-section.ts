import type { Executor } from '../../platform/db/tables.js';

/** What the evaluation needs from a section's opening (tendering owns it). */
export interface OpenedSection {
  tenderId: string;
  sectionCode: string;
  procedureType: string;
  /** True once the opening is closed and the section is being evaluated. */
  readyForEvaluation: boolean;
  /** The opening's (or section's) status, for messages. */
  status: string;
  ceilingPrice: string | null;
  /** k of the float point drawn at the opening (decimal string, e.g. '0.015'), or null. */
  floatPoint: string | null;
  /** The bids read out at opening with a price (decrypted); Art 31 outcomes are not evaluated. */
  bids: Array<{ bidId: string; bidderId: string; bidderName: string; price: string }>;
}

/** Port: the default reads the tendering module's export; tests may plug another. */
export interface OpenedSectionSource {
  find(db: Executor, tenderId: string, sectionCode: string): Promise<OpenedSection | undefined>;
}
