import type { Selectable, Updateable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/tables.js';
import { tenderingError } from './tendering.errors.js';
import type { TenderTable } from './tendering.tables.js';
import './tendering.tables.js';

export type TenderRow = Selectable<TenderTable>;

/** The tender row under a row lock: every command on a tender is serialised here. */
export async function lockTender(tx: Tx, id: string): Promise<TenderRow> {
  const row = await tx.selectFrom('tendering.tender').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw tenderingError('TENDER_NOT_FOUND');
  return row;
}

export async function isRegistered(executor: Executor, tenderId: string, bidderId: string): Promise<boolean> {
  const row = await executor
    .selectFrom('tendering.document_registration')
    .select(['bidder_id'])
    .where('tender_id', '=', tenderId)
    .where('bidder_id', '=', bidderId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function notifyRegistered(tx: Tx, tenderId: string, kind: string, message: string, now: Date) {
  const recipients = await tx.selectFrom('tendering.document_registration').select(['bidder_id']).where('tender_id', '=', tenderId).execute();
  if (recipients.length === 0) return 0;
  await tx
    .insertInto('tendering.notification')
    .values(recipients.map((r) => ({ recipient_id: r.bidder_id, tender_id: tenderId, kind, message, created_at: now })))
    .execute();
  return recipients.length;
}

export async function setStatus(tx: Tx, tender: TenderRow, changes: Omit<Updateable<TenderTable>, 'id' | 'version'>): Promise<TenderRow> {
  return tx
    .updateTable('tendering.tender')
    .set({ ...changes, version: tender.version + 1 })
    .where('id', '=', tender.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

