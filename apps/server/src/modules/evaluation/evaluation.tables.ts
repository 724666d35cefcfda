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

declare module '../../platform/db/tables.js' {
  interface Tables {
    'evaluation.expert': ExpertTable;
    'evaluation.draw': DrawTable;
  }
}
