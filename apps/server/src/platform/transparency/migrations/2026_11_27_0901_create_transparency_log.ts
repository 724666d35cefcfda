import { type Kysely, sql } from 'kysely';
import { encodeEntry } from '../entry.js';

/**
 * The transparency log (docs/adr/0003-transparency-log.md). The audit trail becomes the log:
 * `platform.audit_event.id` becomes the gap-free leaf index (no more sequence), and each row
 * gains its canonical bytes and both leaf hashes. Rows already there are numbered in id order
 * and encoded here, before the append-only triggers exist.
 *
 * - `platform.log_head`: one row holding the log size; appenders take its row lock, which is
 *   what numbers entries without gaps in commit order.
 * - `platform.log_checkpoint`: signed checkpoints.
 * - Triggers refuse UPDATE, DELETE and TRUNCATE on the entries and checkpoints, and any change
 *   of the head other than growing it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table platform.audit_event add column leaf bytea, add column leaf_sm3 bytea, add column leaf_sha256 bytea`.execute(db);

  const existing = await sql<{
    id: string;
    actor_id: string | null;
    actor_name: string | null;
    action: string;
    target: string | null;
    outcome: 'success' | 'failure';
    ip: string | null;
    detail: Record<string, unknown>;
    at: Date;
  }>`select id, actor_id, actor_name, action, target, outcome, ip, detail, at from platform.audit_event order by id`.execute(db);
  // New ids are 0, 1, 2, … and always smaller than the old id of the row being renumbered, and
  // larger than every id already given: no collision on the way.
  let index = 0;
  for (const row of existing.rows) {
    const encoded = encodeEntry(index, {
      actorId: row.actor_id,
      actorName: row.actor_name,
      action: row.action,
      target: row.target,
      outcome: row.outcome,
      ip: row.ip,
      detail: row.detail,
      at: row.at,
    });
    await sql`
      update platform.audit_event
      set id = ${index}, leaf = ${encoded.bytes}, leaf_sm3 = ${encoded.leafSm3}, leaf_sha256 = ${encoded.leafSha256},
          detail = ${JSON.stringify(encoded.entry.detail)}::jsonb
      where id = ${row.id}
    `.execute(db);
    index += 1;
  }

  await sql`
    alter table platform.audit_event alter column id drop default;
    drop sequence if exists platform.audit_event_id_seq;
    alter table platform.audit_event
      alter column leaf set not null,
      alter column leaf_sm3 set not null,
      alter column leaf_sha256 set not null,
      add constraint audit_event_id_is_index check (id >= 0),
      add constraint audit_event_leaf_hashes check (octet_length(leaf_sm3) = 32 and octet_length(leaf_sha256) = 32);

    create table platform.log_head (
      id boolean primary key default true check (id),
      size bigint not null check (size >= 0)
    );

    create table platform.log_checkpoint (
      tree_size bigint primary key check (tree_size > 0),
      root_sm3 bytea not null check (octet_length(root_sm3) = 32),
      root_sha256 bytea not null check (octet_length(root_sha256) = 32),
      signed_at timestamptz not null,
      note text not null,
      created_at timestamptz not null default clock_timestamp()
    );

    create function platform.refuse_log_rewrite() returns trigger language plpgsql as $$
    begin
      raise exception '% on %.% refused: the transparency log is append-only', tg_op, tg_table_schema, tg_table_name
        using errcode = 'P0001', hint = 'Log entries and checkpoints are never changed or deleted; append a correcting entry instead.';
    end
    $$;

    create trigger audit_event_append_only before update or delete on platform.audit_event
      for each row execute function platform.refuse_log_rewrite();
    create trigger audit_event_no_truncate before truncate on platform.audit_event
      for each statement execute function platform.refuse_log_rewrite();
    create trigger log_checkpoint_append_only before update or delete on platform.log_checkpoint
      for each row execute function platform.refuse_log_rewrite();
    create trigger log_checkpoint_no_truncate before truncate on platform.log_checkpoint
      for each statement execute function platform.refuse_log_rewrite();
    create trigger log_head_only_grows before update on platform.log_head
      for each row when (new.size < old.size or new.id is distinct from old.id) execute function platform.refuse_log_rewrite();
    create trigger log_head_no_delete before delete on platform.log_head
      for each row execute function platform.refuse_log_rewrite();
    create trigger log_head_no_truncate before truncate on platform.log_head
      for each statement execute function platform.refuse_log_rewrite();
  `.execute(db);
  await sql`insert into platform.log_head (id, size) values (true, ${index})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table platform.log_checkpoint;
    drop table platform.log_head;
    drop trigger audit_event_append_only on platform.audit_event;
    drop trigger audit_event_no_truncate on platform.audit_event;
    drop function platform.refuse_log_rewrite();
    alter table platform.audit_event
      drop constraint audit_event_id_is_index,
      drop constraint audit_event_leaf_hashes,
      drop column leaf,
      drop column leaf_sm3,
      drop column leaf_sha256;
    create sequence platform.audit_event_id_seq owned by platform.audit_event.id;
    select setval('platform.audit_event_id_seq', coalesce((select max(id) + 1 from platform.audit_event), 1), false);
    alter table platform.audit_event alter column id set default nextval('platform.audit_event_id_seq');
  `.execute(db);
}
