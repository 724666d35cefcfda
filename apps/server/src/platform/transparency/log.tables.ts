import type { Generated } from 'kysely';

/**
 * The log's own tables, next to `platform.audit_event` (the entries, declared in audit/audit.ts).
 * All three refuse what would rewrite history (migration 2026_11_27_0901).
 */
export interface LogHeadTable {
  /** A single row (`true`). */
  id: boolean;
  /** The number of entries appended: the next entry's index. Updated in the appending transaction; it only grows. */
  size: string;
}

export interface LogCheckpointTable {
  tree_size: string;
  root_sm3: Buffer;
  root_sha256: Buffer;
  /** The timestamp in the note (platform clock). */
  signed_at: Date;
  /** The signed note, exactly as signed (see @ggzy/contracts merkle/checkpoint.ts). */
  note: string;
  /** When the row was written, by the database's clock (spaces checkpoints across nodes). */
  created_at: Generated<Date>;
}

declare module '../db/tables.js' {
  interface Tables {
    'platform.log_head': LogHeadTable;
    'platform.log_checkpoint': LogCheckpointTable;
  }
}
