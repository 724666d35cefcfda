import type { ColumnType, Generated } from 'kysely';

/** numeric(18,2): a decimal string both ways. */
type Money = ColumnType<string, string, string>;

/** After publication the tender follows its sections' openings: `opening` from the first, then `evaluating` (some section opened) or `failed` (every section 流标). */
export const TENDER_STATUSES = ['draft', 'pendingReview', 'published', 'suspended', 'cancelled', 'opening', 'evaluating', 'failed'] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

export interface TenderTable {
  id: Generated<string>;
  procedure_type: string;
  title: string;
  region_code: string;
  announcement: string;
  status: TenderStatus;
  /** The tenderer or agency user who created the tender and acts for it. */
  owner_id: string;
  owner_name: string;
  /** The instant the documents are first issued (= publication); null before. */
  documents_issued_at: Date | null;
  /** The bid deadline = opening time (法 34). */
  bid_deadline: Date;
  review_reason: string | null;
  reviewed_by: string | null;
  published_at: Date | null;
  suspended_at: Date | null;
  /** Incremented by every state change: a cheap optimistic guard for clients. */
  version: Generated<number>;
  created_at: Date;
}

export interface SectionTable {
  id: Generated<string>;
  tender_id: string;
  /** The project module's section code (23 characters, codes.md). */
  section_code: string;
  name: string;
  estimated_amount: Money;
  ceiling_price: Money;
  /** Bid security (投标保证金) requirement: none, cash deposit or electronic guarantee. */
  security_kind: 'none' | 'cashDeposit' | 'electronicGuarantee';
  security_amount: Money;
  /** The section's own lifecycle (lifecycles.md §1) from the opening on; `tendering` = before it, the tender's status applies. */
  status: Generated<SectionStatus>;
  /** Optional opening configuration (check-in lead time, float point); null = defaults, no float point. */
  opening_config: ColumnType<SectionOpeningConfig | null, string | null | undefined, string | null>;
}

export const SECTION_STATUSES = ['tendering', 'opening', 'failed', 'evaluating'] as const;
export type SectionStatus = (typeof SECTION_STATUSES)[number];

/** As stored in `section.opening_config` (see domain/opening-hall.ts for the rules). */
export interface SectionOpeningConfig {
  checkInLeadMinutes?: number;
  floatPoint?: { mode: 'discountBase' | 'expression'; letters: string[]; expression?: string };
}

/** Who obtained the documents (法 22: confidential — no route shows it before opening). */
export interface DocumentRegistrationTable {
  tender_id: string;
  bidder_id: string;
  bidder_name: string;
  registered_at: Date;
}

export interface ClarificationTable {
  id: Generated<string>;
  tender_id: string;
  text: string;
  substantive: boolean;
  issued_at: Date;
  deadline_before: Date;
  deadline_after: Date;
}

export interface ObjectionTable {
  id: Generated<string>;
  tender_id: string;
  bidder_id: string;
  text: string;
  raised_at: Date;
  /** The end of the reply period (条例 22: 3 days), an instant. */
  reply_due: Date;
  replied_at: Date | null;
  reply: string | null;
}

/** Messages to one user (deadline moved, objection answered). */
export interface NotificationTable {
  id: Generated<string>;
  recipient_id: string;
  tender_id: string;
  kind: string;
  message: string;
  created_at: Date;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'tendering.tender': TenderTable;
    'tendering.section': SectionTable;
    'tendering.document_registration': DocumentRegistrationTable;
    'tendering.clarification': ClarificationTable;
    'tendering.objection': ObjectionTable;
    'tendering.notification': NotificationTable;
  }
}

export interface OpeningKeyTable {
  tender_id: string;
  /** SM2 public key (04‖x‖y hex); the private key exists only as custodians' shares. */
  public_key: string;
  threshold: number;
  custodian_count: number;
  created_by: string;
  created_at: Date;
}

export interface OpeningKeyShareTable {
  tender_id: string;
  x: number;
  custodian_id: string;
  custodian_public_key: string;
  /** The Shamir share, SM2-encrypted (C1C3C2, base64) to the custodian's own key. */
  wrapped_share: string;
  /** Where the custodian's key came from: their platform-issued or bound certificate, or an offline key. */
  key_source: ColumnType<'platform' | 'bound' | 'offline', 'platform' | 'bound' | 'offline' | undefined, never>;
  /** The certificate's serial (lower-case hex); null for an offline key. */
  certificate_serial: ColumnType<string | null, string | null | undefined, never>;
}

export interface BidUploadTable {
  id: Generated<string>;
  tender_id: string;
  section_code: string;
  bidder_id: string;
  chunk_size: number;
  max_chunks: number;
  status: 'open' | 'committed';
  created_at: Date;
}

export interface BidChunkTable {
  upload_id: string;
  index: number;
  file_key: string;
  size: number;
  sm3: string;
  /** Chunk 0 only: starts with the ggzy-bid/1 magic (EB4: unencrypted uploads are refused). */
  sealed_magic: boolean;
  received_at: Date;
}

export interface BidTable {
  id: Generated<string>;
  tender_id: string;
  section_code: string;
  bidder_id: string;
  version: number;
  status: 'submitted' | 'superseded' | 'withdrawn';
  upload_id: string;
  size: ColumnType<string, number, number>;
  chunk_count: number;
  package_sm3: string;
  /** The sealed opening summary (开标一览表), ciphertext. */
  summary: Buffer;
  summary_sm3: string;
  key_commitment: string;
  wrapped_key_bidder: string;
  wrapped_key_opening: string;
  manifest: ColumnType<unknown, string, string>;
  signature: string;
  certificate_serial: string;
  received_at: Date;
  withdrawn_at: Date | null;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'tendering.opening_key': OpeningKeyTable;
    'tendering.opening_key_share': OpeningKeyShareTable;
    'tendering.bid_upload': BidUploadTable;
    'tendering.bid_chunk': BidChunkTable;
    'tendering.bid': BidTable;
  }
}

export type OpeningStatus = 'failed' | 'decrypting' | 'fallback' | 'published' | 'closed';

/** One remote opening per tender section (opening.service.ts). */
export interface OpeningTable {
  tender_id: string;
  section_code: string;
  status: OpeningStatus;
  bid_count: number;
  minimum_bidders: number;
  /** 流标: why (count below the procedure minimum). */
  failure_reason: string | null;
  window_ends_at: Date | null;
  opened_by: string;
  opened_at: Date;
  /** Public facts of a custodian fallback: shares used (x), custodians, the rebuilt key's public key. Never the private key. */
  fallback: ColumnType<unknown, string | null, string | null>;
  record: ColumnType<unknown, string | null, string | null>;
  signed_record: ColumnType<unknown, string | null, string | null>;
  closed_at: Date | null;
  /** The ceiling price (招标控制价) as announced at the opening, and when. */
  ceiling_price: Money | null;
  ceiling_published_at: Date | null;
  /** SM3 of the float-point seed, published when the opening starts (float point configured only). */
  float_point_commitment: string | null;
  /** The seed, sealed at rest until the draw reveals it. */
  sealed_float_seed: string | null;
  /** The drawn float point with its seed, nonce and commitment (domain/opening-hall.ts), once drawn. */
  float_point: ColumnType<unknown, string | null, string | null>;
}

export interface OpeningBidTable {
  bid_id: string;
  tender_id: string;
  section_code: string;
  bidder_id: string;
  bidder_name: string;
  received_at: Date;
  state: 'sealed' | 'decrypted' | 'deemedRevoked' | 'deemedWithdrawn';
  method: 'bidderKey' | 'custodianFallback' | null;
  /** The decrypted opening summary (开标一览表), after decryption only. */
  summary: ColumnType<unknown, string | null, string | null>;
  decrypted_at: Date | null;
  cause_reason: string | null;
}

/** A custodian's decrypted Shamir share while the fallback collects them; `y` is wiped once the key is rebuilt. */
export interface OpeningShareTable {
  tender_id: string;
  section_code: string;
  x: number;
  custodian_id: string;
  y: string | null;
  submitted_at: Date;
}

export interface OpeningResponseTable {
  id: Generated<string>;
  tender_id: string;
  section_code: string;
  bidder_id: string;
  kind: 'confirm' | 'objection';
  text: string | null;
  created_at: Date;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

/** A bidder's check-in (签到) to the section's opening: attendance is recorded, absence does not invalidate a bid (EB7/EB9). */
export interface OpeningCheckInTable {
  tender_id: string;
  section_code: string;
  bidder_id: string;
  bidder_name: string;
  checked_in_at: Date;
}

/** The opening hall's public event log: seq per section from 1 without gaps, written under the tender lock. */
export interface OpeningEventTable {
  tender_id: string;
  section_code: string;
  seq: number;
  kind: string;
  /** The JSON text sent as the SSE `data:` line. */
  payload: string;
  at: Date;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'tendering.opening_check_in': OpeningCheckInTable;
    'tendering.opening_event': OpeningEventTable;
    'tendering.opening': OpeningTable;
    'tendering.opening_bid': OpeningBidTable;
    'tendering.opening_share': OpeningShareTable;
    'tendering.opening_response': OpeningResponseTable;
  }
}
