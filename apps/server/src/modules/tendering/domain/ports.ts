/**
 * Ports the bid check calls. The credit module (黑名单/限制行为, rules.md C10) and the finance
 * module (deposits, electronic guarantees) come later and plug in here; until then the defaults
 * below answer "no restriction" and "not verified".
 */
export interface CreditRestriction {
  /** e.g. '限制投标（串通投标）'. */
  restriction: string;
  authority: string;
  /** ISO date, or '长期'. */
  until: string;
}

export interface CreditCheck {
  /** The active restriction of `subjectId` for `action`, if any (rules.md C10). */
  activeRestriction(subjectId: string, action: 'bid' | 'register'): Promise<CreditRestriction | undefined>;
}

export type BidSecurityStatus = 'notRequired' | 'paid' | 'guaranteed' | 'missing' | 'unverified';

export interface BidSecurityCheck {
  /** Whether the bidder's security for the section is in place (recorded in the opening record). */
  status(input: { tenderId: string; sectionCode: string; bidderId: string; kind: 'none' | 'cashDeposit' | 'electronicGuarantee'; amount: string }): Promise<BidSecurityStatus>;
}

export const NO_CREDIT_RESTRICTIONS: CreditCheck = { activeRestriction: async () => undefined };

export const UNVERIFIED_SECURITY: BidSecurityCheck = {
  status: async (input) => (input.kind === 'none' ? 'notRequired' : 'unverified'),
};

export interface BiddingPorts {
  credit: CreditCheck;
  security: BidSecurityCheck;
}
