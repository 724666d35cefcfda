import type { ColumnType, Generated } from 'kysely';

/** jsonb: written as JSON text, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
/** date: read as 'YYYY-MM-DD' text (selected with ::text), written as text. */
type CivilDate = ColumnType<string, string, string>;

export interface OrgRefJson {
  uscc?: string | null;
  name: string;
}

export interface ExpertTable {
  id: Generated<string>;
  user_id: string | null;
  name: string;
  title: string;
  years_of_practice: number;
  employer: Json<OrgRefJson>;
  region_code: string;
  specialties: Json<string[]>;
  related_orgs: Json<OrgRefJson[]>;
  departments: Json<string[]>;
  unavailable_dates: Json<string[]>;
  status: 'pending' | 'approved' | 'rejected';
  review_reason: string | null;
  suspended_until: ColumnType<string | null, string | null, string | null>;
  penalised: boolean;
  credit_notes: Json<Array<{ at: string; note: string; by: string }>>;
  last_drawn_on: ColumnType<string | null, string | null, string | null>;
  registered_by: string;
  reviewed_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DrawTable {
  id: Generated<string>;
  reference: string;
  /** The tender section the panel serves; null only for draws made before draws were bound (2026_12_05_1401). */
  tender_id: string | null;
  section_code: string | null;
  evaluation_date: CivilDate;
  request: Json<unknown>;
  avoidance: Json<unknown>;
  representatives: number;
  status: 'committed' | 'sealed' | 'unsealed';
  seed_commitment: string;
  candidate_hash: string;
  /** Canonical candidate list (ids and specialties only) and excluded ids: the public inputs of the re-run. */
  candidates: Json<unknown>;
  excluded: Json<string[]>;
  /** The seed, sealed with the panel key until unsealing. */
  sealed_seed: string;
  /** Panel, avoidance reasons, member answers and supplementary rounds, sealed until unsealing. */
  sealed_panel: string | null;
  /** Opaque per-slot view while sealed: [{ slot, specialty, drawType, round, answer }]. */
  slots: Json<unknown>;
  revealed_seed: string | null;
  revealed_panel: ColumnType<unknown, string | null, string | null>;
  created_by: string;
  created_at: Date;
  unsealed_at: Date | null;
}

/** The evaluation room of one opened tender section (evaluation-room.service.ts). */
export interface EvaluationTable {
  id: Generated<string>;
  tender_id: string;
  section_code: string;
  draw_id: string;
  procedure_type: string;
  /** preparing: configuration and sign-in; inProgress: the domain steps; locked: report signed by all. */
  status: 'preparing' | 'inProgress' | 'locked';
  /** Committee: [{ id (user id), kind, name, expertId }]. */
  members: Json<unknown>;
  /** The opened bids: [{ bidId, bidderId, bidderName, price }], from the closed opening record. */
  bids: Json<unknown>;
  /** Ceiling price and float point k from the opening. */
  opening: Json<unknown>;
  /** Score items, price method and tie rules; frozen at start (config_sm3 in the start audit entry). */
  config: Json<unknown>;
  signed_in: Json<Record<string, string>>;
  /** Chair vote rounds: [{ round, votes: [{ voterId, candidateId }], outcome }]. */
  chair_rounds: Json<unknown>;
  /** domain/evaluation.ts EvaluationState, once started. */
  state: ColumnType<unknown, string | null, string | null>;
  price_detail: ColumnType<unknown, string | null, string | null>;
  signed_report: ColumnType<unknown, string | null, string | null>;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  locked_at: Date | null;
}

/** Written requests to a bidder: clarifications (条例 52) and abnormally low price explanations (G34). */
export interface BidderRequestTable {
  id: Generated<string>;
  evaluation_id: string;
  bid_id: string;
  bidder_id: string;
  kind: 'clarification' | 'abnormalLowPrice';
  question: string;
  deadline: Date;
  step: string;
  requested_by: string;
  requested_at: Date;
  answer: string | null;
  answered_at: Date | null;
  decision: 'accepted' | 'rejected' | null;
  decision_reason: string | null;
  decided_at: Date | null;
}

/**
 * A drawn expert's invitation (evaluation-invitation.service.ts). The recipient is a keyed tag
 * (HMAC-SM3 under the panel key of the user id), so the table keeps the panel sealed; the slot's
 * answer lives in the draw (one record of an answer).
 */
export interface ExpertInvitationTable {
  id: Generated<string>;
  draw_id: string;
  slot: number;
  recipient_tag: string;
  created_at: Date;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'evaluation.expert': ExpertTable;
    'evaluation.draw': DrawTable;
    'evaluation.evaluation': EvaluationTable;
    'evaluation.bidder_request': BidderRequestTable;
    'evaluation.expert_invitation': ExpertInvitationTable;
  }
}
