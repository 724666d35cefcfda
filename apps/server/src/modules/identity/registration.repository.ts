import type { Executor } from '../../platform/db/tables.js';
import './identity.tables.js';

/** SQL of registration, review, entity profiles and qualifications. */
export const registrationRepository = {
  findEntityByUscc(db: Executor, uscc: string) {
    return db.selectFrom('identity.entity').select('id').where('uscc', '=', uscc).executeTakeFirst();
  },

  findEntityByCitizenHash(db: Executor, hash: string) {
    return db.selectFrom('identity.entity').select('id').where('citizen_id_hash', '=', hash).executeTakeFirst();
  },

  insertEntity(
    db: Executor,
    row: {
      kind: string;
      name: string;
      uscc: string | null;
      citizen_id_sealed: string | null;
      citizen_id_hash: string | null;
      citizen_id_masked: string | null;
      region_code: string;
      status: string;
      created_at: Date;
    },
  ) {
    return db.insertInto('identity.entity').values(row).returning('id').executeTakeFirstOrThrow();
  },

  insertProfileVersion(
    db: Executor,
    row: { entity_id: string; version: number; profile: unknown; changed_by: string | null; changed_at: Date },
  ) {
    return db
      .insertInto('identity.entity_profile')
      .values({ ...row, profile: JSON.stringify(row.profile) })
      .execute();
  },

  setProfileVersion(db: Executor, entityId: string, version: number) {
    return db.updateTable('identity.entity').set({ profile_version: version }).where('id', '=', entityId).execute();
  },

  insertRegistration(db: Executor, row: { entity_id: string; user_id: string; submitted_at: Date }) {
    return db
      .insertInto('identity.registration')
      .values({ ...row, status: 'pending' })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  /** Registrations with their entity and account, newest first or oldest pending first. */
  listRegistrations(db: Executor, filter: { status?: string; id?: string; limit: number }) {
    return db
      .selectFrom('identity.registration as r')
      .innerJoin('identity.entity as e', 'e.id', 'r.entity_id')
      .innerJoin('identity.user as u', 'u.id', 'r.user_id')
      .select([
        'r.id',
        'r.status',
        'r.submitted_at',
        'r.reviewed_at',
        'r.reason',
        'e.id as entity_id',
        'e.kind',
        'e.name',
        'e.uscc',
        'e.citizen_id_masked',
        'e.region_code',
        'u.id as user_id',
        'u.username',
        'u.display_name',
        'u.roles',
      ])
      .$if(filter.status !== undefined, (q) => q.where('r.status', '=', filter.status ?? ''))
      .$if(filter.id !== undefined, (q) => q.where('r.id', '=', filter.id ?? ''))
      .orderBy('r.submitted_at', filter.status === 'pending' ? 'asc' : 'desc')
      .limit(filter.limit)
      .execute();
  },

  /** Locks the registration row so two reviewers cannot decide it twice. */
  lockRegistration(db: Executor, id: string) {
    return db
      .selectFrom('identity.registration')
      .select(['id', 'status', 'entity_id', 'user_id'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  decideRegistration(
    db: Executor,
    id: string,
    decision: { status: string; reviewed_by: string; reviewed_at: Date; reason: string | null },
  ) {
    return db.updateTable('identity.registration').set(decision).where('id', '=', id).execute();
  },

  setEntityStatus(db: Executor, id: string, status: string) {
    return db.updateTable('identity.entity').set({ status }).where('id', '=', id).execute();
  },

  setUserStatus(db: Executor, id: string, status: string) {
    return db.updateTable('identity.user').set({ status }).where('id', '=', id).executeTakeFirst();
  },

  clearSecondFactor(db: Executor, id: string) {
    return db
      .updateTable('identity.user')
      .set({ totp_secret_sealed: null, totp_algorithm: null, totp_last_step: null })
      .where('id', '=', id)
      .executeTakeFirst();
  },

  deleteSessionsOf(db: Executor, userId: string) {
    return db.deleteFrom('identity.session').where('user_id', '=', userId).execute();
  },

  listUsers(db: Executor, filter: { status?: string; limit: number }) {
    return db
      .selectFrom('identity.user as u')
      .leftJoin('identity.entity as e', 'e.id', 'u.entity_id')
      .select([
        'u.id',
        'u.username',
        'u.display_name',
        'u.roles',
        'u.status',
        'u.region_code',
        'u.totp_secret_sealed',
        'u.locked_until',
        'u.created_at',
        'e.name as entity_name',
      ])
      .$if(filter.status !== undefined, (q) => q.where('u.status', '=', filter.status ?? ''))
      .orderBy('u.created_at', 'desc')
      .limit(filter.limit)
      .execute();
  },

  findEntityOfUser(db: Executor, userId: string) {
    return db
      .selectFrom('identity.user as u')
      .innerJoin('identity.entity as e', 'e.id', 'u.entity_id')
      .leftJoin('identity.entity_profile as p', (join) =>
        join.onRef('p.entity_id', '=', 'e.id').onRef('p.version', '=', 'e.profile_version'),
      )
      .select(['e.id', 'e.kind', 'e.name', 'e.uscc', 'e.citizen_id_masked', 'e.region_code', 'e.status', 'e.profile_version', 'p.profile'])
      .where('u.id', '=', userId)
      .executeTakeFirst();
  },

  listProfileVersions(db: Executor, entityId: string) {
    return db.selectFrom('identity.entity_profile').selectAll().where('entity_id', '=', entityId).orderBy('version', 'desc').execute();
  },

  listQualifications(db: Executor, entityId: string) {
    return db.selectFrom('identity.qualification').selectAll().where('entity_id', '=', entityId).orderBy('created_at').execute();
  },

  insertQualification(
    db: Executor,
    row: {
      entity_id: string;
      type: string;
      level: string | null;
      certificate_no: string;
      issuer: string;
      valid_from: string | null;
      valid_until: string | null;
      created_at: Date;
    },
  ) {
    return db.insertInto('identity.qualification').values(row).returning('id').executeTakeFirstOrThrow();
  },

  deleteQualification(db: Executor, entityId: string, id: string) {
    return db.deleteFrom('identity.qualification').where('entity_id', '=', entityId).where('id', '=', id).executeTakeFirst();
  },
};
