import type { ColumnType, Generated } from 'kysely';

/** numeric(18,2): a decimal string both ways. */
type Money = ColumnType<string, string, string>;
type NullableMoney = ColumnType<string | null, string | null, string | null>;
/** jsonb: written as JSON text, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
/** bigint: read as a string, written as a number. */
type BigIntColumn = ColumnType<string, number, number>;

export interface TradeTable {
  id: Generated<string>;
  trade_no: string;
  title: string;
  resource_type: string;
  method: string;
  region_code: string;
  seller_name: string;
  seller_user_id: string | null;
  notice: string;
  announced_at: Date;
  created_by: string;
  created_at: Date;
}

export interface LotTable {
  id: Generated<string>;
  trade_id: string;
  lot_no: number;
  name: string;
  location: string;
  area_sqm: NullableMoney;
  land_use: string | null;
  mode: string;
  start_price: Money;
  increment: Money;
  deposit: Money;
  price_cap: NullableMoney;
  cap_tie_break: string;
  step_aligned: boolean;
  descending: ColumnType<unknown, string | null, string | null>;
  listing_start: Date;
  listing_end: Date;
  countdown_ms: number;
  timed_entry_min_bidders: number;
  status: string;
  deadline: Date | null;
  last_seq: ColumnType<string, number | undefined, number>;
  high_amount: NullableMoney;
  high_registration_id: string | null;
  high_bidder_no: string | null;
  high_seq: ColumnType<string | null, number | null, number | null>;
  listing_bidders: ColumnType<number, number | undefined, number>;
  timed_bids: ColumnType<number, number | undefined, number>;
  bid_count: ColumnType<number, number | undefined, number>;
  cap_offers: ColumnType<unknown, string | undefined, string>;
  timed_started_at: Date | null;
  suspension: ColumnType<unknown, string | null, string | null>;
  status_reason: string | null;
  reserve_sealed: string | null;
  reserve_entered_at: Date | null;
  reserve_entered_by: string | null;
  result: ColumnType<unknown, string | null, string | null>;
  result_at: Date | null;
  winner_registration_id: string | null;
  confirmation: ColumnType<unknown, string | null, string | null>;
  updated_at: Date;
}

export interface RegistrationTable {
  id: Generated<string>;
  lot_id: string;
  user_id: string;
  bidder_name: string;
  bidder_no: string;
  status: string;
  deposit_proof: string;
  deposit_received_at: Date | null;
  partners: Json<unknown>;
  lead_share: Money;
  listing_offers: ColumnType<number, number | undefined, number>;
  cap_offer: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Date;
}

export interface BidTable {
  lot_id: string;
  seq: BigIntColumn;
  registration_id: string;
  bidder_no: string;
  amount: Money;
  phase: string;
  committed_at: Date;
  expiry: Date | null;
}

export interface LotEventTable {
  lot_id: string;
  seq: BigIntColumn;
  kind: string;
  payload: string;
  at: Date;
}

export interface DepositLedgerTable {
  id: Generated<string>;
  lot_id: string;
  registration_id: string;
  kind: string;
  amount: Money;
  reference: string | null;
  at: Date;
}

export interface CreditRestrictionTable {
  id: Generated<string>;
  user_id: string;
  action: string;
  reason: string;
  starts_at: Date;
  ends_at: Date | null;
  revoked_at: Date | null;
}

export interface CreditEventTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  lot_id: string;
  detail: Json<unknown>;
  at: Date;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'auction.trade': TradeTable;
    'auction.lot': LotTable;
    'auction.registration': RegistrationTable;
    'auction.bid': BidTable;
    'auction.lot_event': LotEventTable;
    'auction.deposit_ledger': DepositLedgerTable;
    'auction.credit_restriction': CreditRestrictionTable;
    'auction.credit_event': CreditEventTable;
  }
}
