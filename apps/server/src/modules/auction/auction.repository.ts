import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../platform/db/tables.js';
import type { LotTable, RegistrationTable, TradeTable } from './auction.tables.js';

export type TradeRow = Selectable<TradeTable>;
export type LotRow = Selectable<LotTable>;
export type RegistrationRow = Selectable<RegistrationTable>;
export type LotWithTrade = LotRow & {
  trade_no: string;
  title: string;
  resource_type: string;
  method: string;
  region_code: string;
  seller_name: string;
  seller_user_id: string | null;
  notice: string;
  announced_at: Date;
};

/** All SQL of the auction module. Repositories never open transactions: services pass `tx`. */
export const auctionRepository = {
  insertTrade(tx: Executor, row: Insertable<TradeTable>) {
    return tx.insertInto('auction.trade').values(row).returningAll().executeTakeFirstOrThrow();
  },
  insertLot(tx: Executor, row: Insertable<LotTable>) {
    return tx.insertInto('auction.lot').values(row).returningAll().executeTakeFirstOrThrow();
  },
  countTradesSince(tx: Executor, since: Date) {
    return tx
      .selectFrom('auction.trade')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
  },

  /** The lot row under `select … for update`: every command on a lot is serialised here. */
  lockLot(tx: Executor, lotId: string) {
    return withTrade(tx).where('l.id', '=', lotId).forUpdate('l').executeTakeFirst();
  },
  /** Like lockLot, but gives up at once when another transaction holds the lot (the closer). */
  lockLotIfFree(tx: Executor, lotId: string) {
    return withTrade(tx).where('l.id', '=', lotId).forUpdate('l').skipLocked().executeTakeFirst();
  },
  findLot(db: Executor, lotId: string) {
    return withTrade(db).where('l.id', '=', lotId).executeTakeFirst();
  },
  lotExists(db: Executor, lotId: string) {
    return db.selectFrom('auction.lot').select('id').where('id', '=', lotId).executeTakeFirst();
  },
  updateLot(tx: Executor, lotId: string, set: Updateable<LotTable>) {
    return tx.updateTable('auction.lot').set(set).where('id', '=', lotId).execute();
  },
  /** Lots whose next time-based transition is due (the closer's sweep). */
  dueLots(db: Executor, now: Date, limit: number) {
    return db.selectFrom('auction.lot').select('id').where('deadline', '<=', now).orderBy('deadline').limit(limit).execute();
  },
  calendar(db: Executor, range: { from: Date; to: Date; status?: string | undefined }) {
    let query = withTrade(db)
      .where('l.listing_end', '>=', range.from)
      .where('l.listing_start', '<=', range.to)
      .orderBy('l.listing_start')
      .orderBy('l.lot_no')
      .limit(200);
    if (range.status) query = query.where('l.status', '=', range.status);
    return query.execute();
  },

  // --- registrations ------------------------------------------------------------------------

  insertRegistration(tx: Executor, row: Insertable<RegistrationTable>) {
    return tx.insertInto('auction.registration').values(row).returningAll().executeTakeFirstOrThrow();
  },
  registrationOf(db: Executor, lotId: string, userId: string) {
    return db.selectFrom('auction.registration').selectAll().where('lot_id', '=', lotId).where('user_id', '=', userId).executeTakeFirst();
  },
  registrationById(db: Executor, id: string) {
    return db.selectFrom('auction.registration').selectAll().where('id', '=', id).executeTakeFirst();
  },
  registrationsOf(db: Executor, lotId: string) {
    return db.selectFrom('auction.registration').selectAll().where('lot_id', '=', lotId).orderBy('created_at').execute();
  },
  /** Registrations where the user is the lead bidder or a joint partner. */
  registrationsOfUser(db: Executor, userId: string) {
    return db
      .selectFrom('auction.registration as r')
      .innerJoin('auction.lot as l', 'l.id', 'r.lot_id')
      .innerJoin('auction.trade as t', 't.id', 'l.trade_id')
      .select(['r.id', 'r.lot_id', 'r.bidder_no', 'r.status', 'r.user_id', 'r.partners', 'l.name as lot_name', 'l.status as lot_status', 't.title', 'l.listing_end'])
      .where((eb) => eb.or([eb('r.user_id', '=', userId), sql<boolean>`r.partners @> ${JSON.stringify([{ userId }])}::jsonb`]))
      .orderBy('l.listing_end', 'desc')
      .execute();
  },
  bidderNumbersOf(db: Executor, lotId: string) {
    return db.selectFrom('auction.registration').select('bidder_no').where('lot_id', '=', lotId).execute();
  },
  updateRegistration(tx: Executor, id: string, set: Updateable<RegistrationTable>) {
    return tx.updateTable('auction.registration').set(set).where('id', '=', id).execute();
  },
  usersByName(db: Executor, usernames: readonly string[]) {
    // Read-only look-up of accounts for joint bidding (until identity offers a directory port).
    if (usernames.length === 0) return Promise.resolve([]);
    return db.selectFrom('identity.user').select(['id', 'username', 'display_name']).where('username', 'in', usernames).execute();
  },
  displayNameOf(db: Executor, userId: string) {
    return db.selectFrom('identity.user').select('display_name').where('id', '=', userId).executeTakeFirst();
  },

  // --- bids and events ----------------------------------------------------------------------

  insertBid(tx: Executor, row: { lot_id: string; seq: number; registration_id: string; bidder_no: string; amount: string; phase: string; committed_at: Date; expiry: Date | null }) {
    return tx.insertInto('auction.bid').values(row).execute();
  },
  insertEvents(tx: Executor, rows: Array<{ lot_id: string; seq: number; kind: string; payload: string; at: Date }>) {
    if (rows.length === 0) return Promise.resolve();
    return tx.insertInto('auction.lot_event').values(rows).execute();
  },
  /** The replay of a lot's stream after `afterSeq` (SSE Last-Event-ID), in sequence order. */
  eventsAfter(db: Executor, lotId: string, afterSeq: number, limit = 10_000) {
    return db
      .selectFrom('auction.lot_event')
      .select(['seq', 'payload'])
      .where('lot_id', '=', lotId)
      .where(sql<boolean>`seq > ${afterSeq}`)
      .orderBy('seq')
      .limit(limit)
      .execute();
  },
  bidsWithBidders(db: Executor, lotId: string) {
    return db
      .selectFrom('auction.bid as b')
      .innerJoin('auction.registration as r', 'r.id', 'b.registration_id')
      .select(['b.seq', 'b.bidder_no', 'b.amount', 'b.phase', 'b.committed_at', 'r.bidder_name'])
      .where('b.lot_id', '=', lotId)
      .orderBy('b.seq', 'desc')
      .limit(500)
      .execute();
  },
};

function withTrade(db: Executor) {
  return db
    .selectFrom('auction.lot as l')
    .innerJoin('auction.trade as t', 't.id', 'l.trade_id')
    .selectAll('l')
    .select(['t.trade_no', 't.title', 't.resource_type', 't.method', 't.region_code', 't.seller_name', 't.seller_user_id', 't.notice', 't.announced_at']);
}
