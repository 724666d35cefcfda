import { type Kysely, sql } from 'kysely';

/**
 * The evaluation room: one evaluation per opened tender section (its committee, frozen
 * configuration, the domain state of the steps, the signed report) and the written requests to
 * bidders (clarifications, abnormally low price explanations) with their deadlines and answers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table evaluation.evaluation (
      id uuid primary key default gen_random_uuid(),
      tender_id uuid not null,
      section_code text not null,
      draw_id uuid not null references evaluation.draw (id),
      procedure_type text not null,
      status text not null check (status in ('preparing', 'inProgress', 'locked')),
      members jsonb not null,
      bids jsonb not null,
      opening jsonb not null,
      config jsonb not null,
      signed_in jsonb not null default '{}',
      chair_rounds jsonb not null default '[]',
      state jsonb,
      price_detail jsonb,
      signed_report jsonb,
      created_by uuid not null,
      created_at timestamptz not null,
      started_at timestamptz,
      locked_at timestamptz,
      unique (tender_id, section_code),
      unique (draw_id)
    );

    create table evaluation.bidder_request (
      id uuid primary key default gen_random_uuid(),
      evaluation_id uuid not null references evaluation.evaluation (id),
      bid_id uuid not null,
      bidder_id uuid not null,
      kind text not null check (kind in ('clarification', 'abnormalLowPrice')),
      question text not null check (length(question) > 0),
      deadline timestamptz not null,
      step text not null,
      requested_by uuid not null,
      requested_at timestamptz not null,
      answer text,
      answered_at timestamptz,
      decision text check (decision in ('accepted', 'rejected')),
      decision_reason text,
      decided_at timestamptz
    );
    create index bidder_request_by_evaluation on evaluation.bidder_request (evaluation_id, requested_at);
    create index bidder_request_by_bidder on evaluation.bidder_request (bidder_id, requested_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table evaluation.bidder_request, evaluation.evaluation`.execute(db);
}
