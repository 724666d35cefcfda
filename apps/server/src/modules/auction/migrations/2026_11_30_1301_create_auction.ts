import { type Kysely, sql } from 'kysely';

/**
 * Land, mining and property sales: trades (one notice), lots with their terms and live state,
 * registrations with anonymous bidder numbers (竞买号), the bids and the lot's event stream
 * (one sequence per lot, the SSE event id), and the tables of the default finance and credit
 * ports (deposit ledger, restrictions, credit events) until those modules replace them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists auction;

    create table auction.trade (
      id uuid primary key default gen_random_uuid(),
      trade_no text not null unique,
      title text not null,
      resource_type text not null check (resource_type in ('landUseRight', 'miningRight', 'explorationRight', 'propertyRight', 'institutionAsset')),
      method text not null check (method in ('listing', 'auction')),
      region_code text not null check (region_code ~ '^\\d{6}$'),
      seller_name text not null,
      seller_user_id uuid,
      notice text not null,
      announced_at timestamptz not null,
      created_by uuid not null,
      created_at timestamptz not null
    );
    create index trade_by_announced on auction.trade (announced_at desc);

    create table auction.lot (
      id uuid primary key default gen_random_uuid(),
      trade_id uuid not null references auction.trade (id),
      lot_no smallint not null,
      name text not null,
      location text not null,
      area_sqm numeric(14, 2),
      land_use text,
      mode text not null check (mode in ('ascending', 'descending')),
      start_price numeric(18, 2) not null check (start_price > 0),
      increment numeric(18, 2) not null check (increment > 0),
      deposit numeric(18, 2) not null check (deposit >= 0),
      price_cap numeric(18, 2),
      cap_tie_break text not null check (cap_tie_break in ('lottery', 'earliest')),
      step_aligned boolean not null,
      descending jsonb,
      listing_start timestamptz not null,
      listing_end timestamptz not null,
      countdown_ms integer not null check (countdown_ms between 10000 and 3600000),
      timed_entry_min_bidders smallint not null check (timed_entry_min_bidders >= 1),
      status text not null,
      deadline timestamptz,
      last_seq bigint not null default 0,
      high_amount numeric(18, 2),
      high_registration_id uuid,
      high_bidder_no text,
      high_seq bigint,
      listing_bidders integer not null default 0,
      timed_bids integer not null default 0,
      bid_count integer not null default 0,
      cap_offers jsonb not null default '[]',
      timed_started_at timestamptz,
      suspension jsonb,
      status_reason text,
      reserve_sealed text,
      reserve_entered_at timestamptz,
      reserve_entered_by uuid,
      result jsonb,
      result_at timestamptz,
      winner_registration_id uuid,
      confirmation jsonb,
      updated_at timestamptz not null,
      unique (trade_id, lot_no)
    );
    -- The closer's query: lots whose next time-based transition is due.
    create index lot_due on auction.lot (deadline) where deadline is not null;
    create index lot_by_listing on auction.lot (listing_start);

    create table auction.registration (
      id uuid primary key default gen_random_uuid(),
      lot_id uuid not null references auction.lot (id),
      user_id uuid not null,
      bidder_name text not null,
      bidder_no text not null,
      status text not null check (status in ('awaitingPartners', 'qualified', 'withdrawn')),
      deposit_proof text not null,
      deposit_received_at timestamptz,
      partners jsonb not null default '[]',
      lead_share numeric(5, 2) not null,
      listing_offers integer not null default 0,
      cap_offer boolean not null default false,
      created_at timestamptz not null,
      unique (lot_id, user_id),
      unique (lot_id, bidder_no)
    );

    create table auction.bid (
      lot_id uuid not null references auction.lot (id),
      seq bigint not null,
      registration_id uuid not null references auction.registration (id),
      bidder_no text not null,
      amount numeric(18, 2) not null,
      phase text not null check (phase in ('listing', 'timed', 'cap', 'dutch')),
      committed_at timestamptz not null,
      expiry timestamptz,
      primary key (lot_id, seq)
    );

    -- The lot's public event stream: SSE id = seq; payload is the JSON sent to every watcher.
    create table auction.lot_event (
      lot_id uuid not null references auction.lot (id),
      seq bigint not null,
      kind text not null,
      payload text not null,
      at timestamptz not null,
      primary key (lot_id, seq)
    );

    -- Default finance port (AuctionFinancePort): deposits received, released, converted, forfeited.
    create table auction.deposit_ledger (
      id bigserial primary key,
      lot_id uuid not null references auction.lot (id),
      registration_id uuid not null references auction.registration (id),
      kind text not null check (kind in ('received', 'released', 'converted', 'forfeited')),
      amount numeric(18, 2) not null,
      reference text,
      at timestamptz not null,
      unique (registration_id, kind)
    );

    -- Default credit port (AuctionCreditPort): restrictions checked at registration, credit events recorded.
    create table auction.credit_restriction (
      id bigserial primary key,
      user_id uuid not null,
      action text not null,
      reason text not null,
      starts_at timestamptz not null,
      ends_at timestamptz,
      revoked_at timestamptz
    );
    create index credit_restriction_by_user on auction.credit_restriction (user_id, action);
    create table auction.credit_event (
      id bigserial primary key,
      user_id uuid not null,
      kind text not null,
      lot_id uuid not null,
      detail jsonb not null,
      at timestamptz not null
    );
  `.execute(db);
}
