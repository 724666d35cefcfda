import type { Generated } from 'kysely';
import type { Executor } from '../db/tables.js';

/**
 * Every write is audited: who, what, when, from which address, and the outcome. The entry is
 * written in the caller's transaction so an audited change and its record commit together.
 */
export interface AuditEntry {
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  detail?: Record<string, unknown>;
  at: Date;
}

export interface AuditEventTable {
  id: Generated<string>;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  outcome: string;
  ip: string | null;
  detail: unknown;
  at: Date;
}

declare module '../db/tables.js' {
  interface Tables {
    'platform.audit_event': AuditEventTable;
  }
}

export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('platform.audit_event')
    .values({
      actor_id: entry.actorId,
      actor_name: entry.actorName,
      action: entry.action,
      target: entry.target,
      outcome: entry.outcome,
      ip: entry.ip,
      detail: JSON.stringify(entry.detail ?? {}),
      at: entry.at,
    })
    .execute();
}
