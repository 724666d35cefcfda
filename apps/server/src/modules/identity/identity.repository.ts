import type { Executor } from '../../platform/db/tables.js';
import './identity.tables.js';

/** All SQL of the identity module. */
export const identityRepository = {
  findUserByUsername(db: Executor, username: string) {
    return db.selectFrom('identity.user').selectAll().where('username', '=', username).executeTakeFirst();
  },

  /** The profile shown to the signed-in user, with the entity name joined in one query. */
  findProfile(db: Executor, userId: string) {
    return db
      .selectFrom('identity.user as u')
      .leftJoin('identity.entity as e', 'e.id', 'u.entity_id')
      .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'u.region_code', 'e.name as entity_name'])
      .where('u.id', '=', userId)
      .executeTakeFirst();
  },

  updateLoginCounters(db: Executor, userId: string, failedLogins: number, lockedUntil: Date | null) {
    return db
      .updateTable('identity.user')
      .set({ failed_logins: failedLogins, locked_until: lockedUntil })
      .where('id', '=', userId)
      .execute();
  },

  insertSession(db: Executor, row: { id: string; user_id: string; now: Date; expires_at: Date; ip: string | null }) {
    return db
      .insertInto('identity.session')
      .values({ id: row.id, user_id: row.user_id, created_at: row.now, last_seen_at: row.now, expires_at: row.expires_at, ip: row.ip })
      .execute();
  },

  /** A live session and its user's roles, in one query on the hot path. */
  findSession(db: Executor, id: string) {
    return db
      .selectFrom('identity.session as s')
      .innerJoin('identity.user as u', 'u.id', 's.user_id')
      .select(['s.id', 's.user_id', 's.last_seen_at', 's.expires_at', 'u.username', 'u.roles', 'u.status'])
      .where('s.id', '=', id)
      .executeTakeFirst();
  },

  touchSession(db: Executor, id: string, lastSeenAt: Date, expiresAt: Date) {
    return db.updateTable('identity.session').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
  },

  deleteSession(db: Executor, id: string) {
    return db.deleteFrom('identity.session').where('id', '=', id).execute();
  },

  findApiToken(db: Executor, tokenHash: string) {
    return db
      .selectFrom('identity.api_token as t')
      .innerJoin('identity.user as u', 'u.id', 't.user_id')
      .select(['t.id', 't.user_id', 't.expires_at', 't.revoked_at', 'u.username', 'u.roles', 'u.status'])
      .where('t.token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  insertApiToken(db: Executor, row: { token_hash: string; user_id: string; name: string; created_at: Date; expires_at: Date | null }) {
    return db.insertInto('identity.api_token').values(row).returning(['id', 'name', 'created_at', 'expires_at']).executeTakeFirstOrThrow();
  },

  listApiTokens(db: Executor, userId: string) {
    return db
      .selectFrom('identity.api_token')
      .select(['id', 'name', 'created_at', 'expires_at', 'revoked_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute();
  },

  revokeApiToken(db: Executor, userId: string, id: string, at: Date) {
    return db
      .updateTable('identity.api_token')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  },

  insertEntity(db: Executor, row: { kind: string; name: string; uscc: string | null; region_code: string | null; created_at: Date }) {
    return db.insertInto('identity.entity').values(row).returning('id').executeTakeFirstOrThrow();
  },

  insertUser(
    db: Executor,
    row: {
      username: string;
      display_name: string;
      password_hash: string;
      roles: string[];
      entity_id: string | null;
      region_code: string | null;
      created_at: Date;
    },
  ) {
    return db
      .insertInto('identity.user')
      .values({ ...row, status: 'active' })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  rejectionReason: async (db: Executor, userId: string): Promise<string> => {
    const row = await db
      .selectFrom('identity.registration')
      .select('reason')
      .where('user_id', '=', userId)
      .where('status', '=', 'rejected')
      .orderBy('reviewed_at', 'desc')
      .executeTakeFirst();
    return row?.reason ?? '';
  },

  insertLoginChallenge(
    db: Executor,
    row: { id: string; user_id: string; purpose: 'verify' | 'enroll'; pending_secret_sealed: string | null; expires_at: Date },
  ) {
    return db.insertInto('identity.login_challenge').values(row).execute();
  },

  /** The challenge with the user's enrolled secret, in one query. */
  findLoginChallenge(db: Executor, id: string) {
    return db
      .selectFrom('identity.login_challenge as c')
      .innerJoin('identity.user as u', 'u.id', 'c.user_id')
      .select([
        'c.user_id',
        'c.purpose',
        'c.pending_secret_sealed',
        'c.attempts',
        'c.expires_at',
        'u.username',
        'u.totp_secret_sealed',
        'u.totp_algorithm',
        'u.totp_last_step',
      ])
      .where('c.id', '=', id)
      .executeTakeFirst();
  },

  countChallengeAttempt(db: Executor, id: string) {
    return db
      .updateTable('identity.login_challenge')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  },

  deleteLoginChallenge(db: Executor, id: string) {
    return db.deleteFrom('identity.login_challenge').where('id', '=', id).execute();
  },

  /** Remembers the last TOTP step used (no replay); on enrolment also stores the sealed secret. */
  recordTotpUse(db: Executor, userId: string, step: string, enrol?: { sealed: string; algorithm: string }) {
    return db
      .updateTable('identity.user')
      .set({ totp_last_step: step, ...(enrol ? { totp_secret_sealed: enrol.sealed, totp_algorithm: enrol.algorithm } : {}) })
      .where('id', '=', userId)
      .execute();
  },

  countUsers(db: Executor) {
    return db
      .selectFrom('identity.user')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
  },
};
