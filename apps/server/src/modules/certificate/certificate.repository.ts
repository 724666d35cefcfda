import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tables.js';
import './certificate.tables.js';

/** All SQL of the certificate module. Lookups go by primary key or unique index (serial, fingerprint). */
export const certificateRepository = {
  findAuthority(db: Executor, ca: string) {
    return db.selectFrom('certificate.authority').selectAll().where('ca', '=', ca).executeTakeFirst();
  },

  /** First writer wins when several nodes create the root at once. */
  insertAuthority(db: Executor, row: { ca: string; certificate_der: Buffer; fingerprint: string; created_at: Date }) {
    return db.insertInto('certificate.authority').values(row).onConflict((c) => c.column('ca').doNothing()).execute();
  },

  /**
   * The holder's names from the identity module's records (read-only): display name, status,
   * and the entity's kind, name, USCC and masked citizen id.
   */
  findHolder(db: Executor, userId: string) {
    return db
      .selectFrom('identity.user as u')
      .leftJoin('identity.entity as e', 'e.id', 'u.entity_id')
      .select(['u.id', 'u.username', 'u.display_name', 'u.status', 'e.kind', 'e.name as entity_name', 'e.uscc', 'e.citizen_id_masked'])
      .where('u.id', '=', userId)
      .executeTakeFirst();
  },

  countValidIssued(db: Executor, userId: string, now: Date) {
    return db
      .selectFrom('certificate.issued')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('not_after', '>', now)
      .executeTakeFirstOrThrow();
  },

  insertIssued(
    db: Executor,
    row: {
      serial: string;
      ca: string;
      user_id: string;
      purpose: string;
      algorithm: string;
      subject: string;
      fingerprint: string;
      certificate_der: Buffer;
      not_before: Date;
      not_after: Date;
      issued_at: Date;
    },
  ) {
    return db.insertInto('certificate.issued').values(row).execute();
  },

  findIssuedBySerial(db: Executor, serial: string) {
    return db.selectFrom('certificate.issued').selectAll().where('serial', '=', serial).executeTakeFirst();
  },

  findIssuedByFingerprint(db: Executor, fingerprint: string) {
    return db.selectFrom('certificate.issued').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirst();
  },

  listIssued(db: Executor, filter: { userId?: string; before?: string; limit: number }) {
    return db
      .selectFrom('certificate.issued')
      .selectAll()
      .$if(filter.userId !== undefined, (q) => q.where('user_id', '=', filter.userId ?? ''))
      .$if(filter.before !== undefined, (q) => q.where('id', '<', filter.before ?? '0'))
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
  },

  revokeIssued(db: Executor, serial: string, at: Date, reason: string, by: string) {
    return db
      .updateTable('certificate.issued')
      .set({ revoked_at: at, revocation_reason: reason, revoked_by: by })
      .where('serial', '=', serial)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  },

  /** Revoked, unexpired certificates of one CA (partial index issued_revoked_by_ca). */
  listRevoked(db: Executor, ca: string, now: Date) {
    return db
      .selectFrom('certificate.issued')
      .select(['serial', 'revoked_at', 'revocation_reason'])
      .where('ca', '=', ca)
      .where('revoked_at', 'is not', null)
      .where('not_after', '>', now)
      .orderBy('revoked_at')
      .execute();
  },

  async trustGeneration(db: Executor): Promise<string> {
    const row = await db.selectFrom('certificate.trust_state').select('generation').where('id', '=', 1).executeTakeFirstOrThrow();
    return String(row.generation);
  },

  bumpTrustGeneration(db: Executor) {
    return db
      .updateTable('certificate.trust_state')
      .set({ generation: sql<string>`generation + 1` })
      .where('id', '=', 1)
      .execute();
  },

  listActiveTrustedRoots(db: Executor) {
    return db.selectFrom('certificate.trusted_root').selectAll().where('removed_at', 'is', null).orderBy('added_at').execute();
  },

  findActiveTrustedRootByFingerprint(db: Executor, fingerprint: string) {
    return db.selectFrom('certificate.trusted_root').select('id').where('fingerprint', '=', fingerprint).where('removed_at', 'is', null).executeTakeFirst();
  },

  insertTrustedRoot(
    db: Executor,
    row: {
      name: string;
      subject: string;
      algorithm: string;
      fingerprint: string;
      certificate_der: Buffer;
      not_before: Date;
      not_after: Date;
      added_by: string;
      added_at: Date;
    },
  ) {
    return db.insertInto('certificate.trusted_root').values(row).returningAll().executeTakeFirstOrThrow();
  },

  removeTrustedRoot(db: Executor, id: string, at: Date, by: string) {
    return db
      .updateTable('certificate.trusted_root')
      .set({ removed_at: at, removed_by: by })
      .where('id', '=', id)
      .where('removed_at', 'is', null)
      .returning(['id', 'fingerprint', 'subject'])
      .executeTakeFirst();
  },

  insertChallenge(db: Executor, row: { nonce: string; purpose: string; expires_at: Date; created_at: Date }) {
    return db.insertInto('certificate.challenge').values(row).execute();
  },

  /** Index challenge_by_expiry keeps this cheap; run when a new challenge is made. */
  deleteExpiredChallenges(db: Executor, now: Date) {
    return db.deleteFrom('certificate.challenge').where('expires_at', '<=', now).execute();
  },

  /** Single use: the challenge is deleted by whoever presents it first. */
  consumeChallenge(db: Executor, nonce: string, purpose: string) {
    return db
      .deleteFrom('certificate.challenge')
      .where('nonce', '=', nonce)
      .where('purpose', '=', purpose)
      .returning(['nonce', 'purpose', 'expires_at'])
      .executeTakeFirst();
  },

  findActiveBindingByFingerprint(db: Executor, fingerprint: string) {
    return db.selectFrom('certificate.binding').selectAll().where('fingerprint', '=', fingerprint).where('removed_at', 'is', null).executeTakeFirst();
  },

  insertBinding(
    db: Executor,
    row: { user_id: string; fingerprint: string; subject: string; issuer: string; serial: string; certificate_der: Buffer; not_after: Date; created_at: Date },
  ) {
    return db.insertInto('certificate.binding').values(row).returningAll().executeTakeFirstOrThrow();
  },

  listBindings(db: Executor, userId: string) {
    return db
      .selectFrom('certificate.binding')
      .selectAll()
      .where('user_id', '=', userId)
      .where('removed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
  },

  removeBinding(db: Executor, id: string, userId: string | null, at: Date) {
    return db
      .updateTable('certificate.binding')
      .set({ removed_at: at })
      .where('id', '=', id)
      .where('removed_at', 'is', null)
      .$if(userId !== null, (q) => q.where('user_id', '=', userId ?? ''))
      .returning(['id', 'user_id', 'fingerprint'])
      .executeTakeFirst();
  },
};
