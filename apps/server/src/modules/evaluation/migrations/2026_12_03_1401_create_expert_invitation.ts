import { type Kysely, sql } from 'kysely';

/**
 * Invitations of drawn experts (评标邀请): one row per (draw, slot) whose expert has an account.
 * The row names its recipient only by a keyed tag (HMAC-SM3 under the panel key of the user id),
 * never by user or expert id, so the table does not unseal the panel to whoever reads it: only the
 * system, holding the panel key, can tell whose invitation a row is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table evaluation.expert_invitation (
      id uuid primary key default gen_random_uuid(),
      draw_id uuid not null references evaluation.draw (id),
      slot integer not null check (slot >= 1),
      recipient_tag text not null check (recipient_tag ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null,
      unique (draw_id, slot)
    );
    create index expert_invitation_by_recipient on evaluation.expert_invitation (recipient_tag, created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table evaluation.expert_invitation`.execute(db);
}
