import type { ColumnType, Generated } from 'kysely';
import type { Candidate, PassOver } from './domain/candidates.js';
import type { SignedAwardNotice } from './domain/notice.js';

/** jsonb: the value read, a JSON string written. */
type Json<T> = ColumnType<T, string, string>;

export const AWARD_STATES = ['publicity', 'suspended', 'awarded', 'failed', 'retendered'] as const;
export type AwardState = (typeof AWARD_STATES)[number];

/**
 * One award per tender section, from candidate publicity (engineering) or the decision (GP) to the
 * notice, a failure or the re-tender (lifecycles.md §1, §6).
 */
export interface SectionAwardTable {
  tender_id: string;
  section_code: string;
  procedure_type: string;
  sector: 'engineering' | 'governmentProcurement';
  /** The candidate order binds the award (条例 55 state-controlled; GP条例 43). */
  order_binds: boolean;
  state: AwardState;
  /** The ranked candidates as the signed report gave them (snapshot). */
  candidates: Json<Candidate[]>;
  report_sm3: string;
  report_log_index: ColumnType<string | null, number | null, number | null>;
  report_received_at: Date;
  /** Engineering only (E49); null in GP (no candidate publicity). */
  publicity_starts_at: Date | null;
  publicity_ends_at: Date | null;
  /** Set while an objection is open (E50). */
  suspended_at: Date | null;
  passed_over: Json<PassOver[]>;
  winner_rank: number | null;
  /** The notice in force (the latest issued, not revoked). */
  notice_id: string | null;
  failure_reason: string | null;
  retender_tender_id: string | null;
  created_by: string;
  created_at: Date;
  version: Generated<number>;
}

export interface NoticeTable {
  id: string;
  tender_id: string;
  section_code: string;
  sequence: number;
  winner_id: string;
  document: Json<SignedAwardNotice>;
  status: 'issued' | 'revoked';
  issued_at: Date;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

/** An objection to the evaluation result during publicity (异议, 条例 54). */
export interface AwardObjectionTable {
  id: Generated<string>;
  tender_id: string;
  section_code: string;
  objector_id: string;
  objector_name: string;
  /** A bidder of the section, else another interested party (其他利害关系人). */
  is_bidder: boolean;
  text: string;
  raised_at: Date;
  reply_due: Date;
  reply: string | null;
  replied_at: Date | null;
  replied_by: string | null;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'award.section_award': SectionAwardTable;
    'award.notice': NoticeTable;
    'award.objection': AwardObjectionTable;
  }
}
