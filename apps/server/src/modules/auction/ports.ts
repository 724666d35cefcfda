import type { Executor } from '../../platform/db/tables.js';

/**
 * Ports to the finance and credit modules, which come later. Each has a default implementation
 * that records to this module's own tables (auction.deposit_ledger, auction.credit_restriction,
 * auction.credit_event); the finance and credit modules replace them by passing their own
 * implementation to createAuctionService. Every call runs in the caller's transaction.
 */
export interface DepositMovement {
  lotId: string;
  registrationId: string;
  amount: string;
  reference?: string;
  at: Date;
}

export interface AuctionFinancePort {
  /** The deposit arrived (L4: arrival grants the bidding qualification). */
  depositReceived(tx: Executor, movement: DepositMovement): Promise<void>;
  /** A loser's or a cancelled sale's deposit is released for refund (L16). */
  depositReleased(tx: Executor, movement: DepositMovement): Promise<void>;
  /** The winner's deposit converts to earnest money (定金, L16). */
  depositConverted(tx: Executor, movement: DepositMovement): Promise<void>;
  /** A winner refusing to sign forfeits the deposit (L18). */
  depositForfeited(tx: Executor, movement: DepositMovement): Promise<void>;
}

export interface AuctionCreditPort {
  /** An active restriction of `action` for the user at `at` (rules.md C10), or undefined. */
  activeRestriction(db: Executor, query: { userId: string; action: 'landBidding'; at: Date }): Promise<{ reason: string } | undefined>;
  /** A credit event, e.g. a winner refusing to sign the deal confirmation (L18). */
  recordCreditEvent(tx: Executor, event: { userId: string; kind: 'refusalToSign'; lotId: string; detail: Record<string, unknown>; at: Date }): Promise<void>;
}

const ledger = (kind: 'received' | 'released' | 'converted' | 'forfeited') => async (tx: Executor, m: DepositMovement) => {
  await tx
    .insertInto('auction.deposit_ledger')
    .values({ lot_id: m.lotId, registration_id: m.registrationId, kind, amount: m.amount, reference: m.reference ?? null, at: m.at })
    .onConflict((c) => c.columns(['registration_id', 'kind']).doNothing())
    .execute();
};

/** Default finance port: a deposit ledger in the auction schema (replaced by the finance module). */
export const ledgerFinancePort: AuctionFinancePort = {
  depositReceived: ledger('received'),
  depositReleased: ledger('released'),
  depositConverted: ledger('converted'),
  depositForfeited: ledger('forfeited'),
};

/** Default credit port: restrictions and credit events in the auction schema (replaced by the credit module). */
export const tableCreditPort: AuctionCreditPort = {
  async activeRestriction(db, { userId, action, at }) {
    const row = await db
      .selectFrom('auction.credit_restriction')
      .select('reason')
      .where('user_id', '=', userId)
      .where('action', '=', action)
      .where('starts_at', '<=', at)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? { reason: row.reason } : undefined;
  },
  async recordCreditEvent(tx, event) {
    await tx
      .insertInto('auction.credit_event')
      .values({ user_id: event.userId, kind: event.kind, lot_id: event.lotId, detail: JSON.stringify(event.detail), at: event.at })
      .execute();
  },
};
