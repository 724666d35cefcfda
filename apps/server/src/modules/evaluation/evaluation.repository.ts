import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../platform/db/tables.js';
import type { DrawTable, ExpertInvitationTable, ExpertTable } from './evaluation.tables.js';

export type ExpertRow = Selectable<ExpertTable>;
export type DrawRow = Selectable<DrawTable>;
export type InvitationRow = Selectable<ExpertInvitationTable>;

const expertColumns = [
  'id',
  'user_id',
  'name',
  'title',
  'years_of_practice',
  'employer',
  'region_code',
  'specialties',
  'related_orgs',
  'departments',
  'unavailable_dates',
  'status',
  'review_reason',
  'penalised',
  'credit_notes',
  'registered_by',
  'reviewed_by',
  'created_at',
  'updated_at',
] as const;

/** All SQL of the evaluation module. Repositories never open transactions: services pass `tx`. */
export const evaluationRepository = {
  selectExperts(db: Executor) {
    return db
      .selectFrom('evaluation.expert')
      .select(expertColumns)
      .select((eb) => [eb.cast<string | null>('suspended_until', 'text').as('suspended_until'), eb.cast<string | null>('last_drawn_on', 'text').as('last_drawn_on')]);
  },

  listExperts(db: Executor, status?: ExpertRow['status']) {
    let q = this.selectExperts(db).orderBy('created_at', 'asc').orderBy('id', 'asc');
    if (status) q = q.where('status', '=', status);
    return q.execute();
  },

  findExpert(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
    let q = this.selectExperts(db).where('id', '=', id);
    if (options.forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  },

  findExpertByUser(db: Executor, userId: string) {
    return this.selectExperts(db).where('user_id', '=', userId).executeTakeFirst();
  },

  async insertExpert(tx: Executor, row: Insertable<ExpertTable>): Promise<string> {
    const { id } = await tx.insertInto('evaluation.expert').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  },

  updateExpert(tx: Executor, id: string, changes: Updateable<ExpertTable>) {
    return tx.updateTable('evaluation.expert').set(changes).where('id', '=', id).execute();
  },

  markDrawn(tx: Executor, ids: readonly string[], on: string) {
    if (ids.length === 0) return Promise.resolve();
    return tx.updateTable('evaluation.expert').set({ last_drawn_on: on }).where('id', 'in', [...ids]).execute();
  },

  selectDraw(db: Executor) {
    return db
      .selectFrom('evaluation.draw')
      .selectAll()
      .select((eb) => eb.cast<string>('evaluation_date', 'text').as('evaluation_date'));
  },

  findDraw(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
    let q = this.selectDraw(db).where('id', '=', id);
    if (options.forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  },

  listDraws(db: Executor) {
    return this.selectDraw(db).orderBy('created_at', 'desc').limit(200).execute();
  },

  async insertDraw(tx: Executor, row: Insertable<DrawTable>): Promise<string> {
    const { id } = await tx.insertInto('evaluation.draw').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  },

  updateDraw(tx: Executor, id: string, changes: Updateable<DrawTable>) {
    return tx.updateTable('evaluation.draw').set(changes).where('id', '=', id).execute();
  },

  /** The accounts of drawn experts (id → user id), to invite those who have one. */
  expertAccounts(db: Executor, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('evaluation.expert').select(['id', 'user_id', 'name']).where('id', 'in', [...ids]).execute();
  },

  insertInvitations(tx: Executor, rows: ReadonlyArray<Insertable<ExpertInvitationTable>>) {
    if (rows.length === 0) return Promise.resolve();
    return tx.insertInto('evaluation.expert_invitation').values([...rows]).execute();
  },

  /** Invitations of one recipient tag with their draws, newest first. */
  listInvitations(db: Executor, recipientTag: string) {
    return db
      .selectFrom('evaluation.expert_invitation as i')
      .innerJoin('evaluation.draw as d', 'd.id', 'i.draw_id')
      .select(['i.id', 'i.draw_id', 'i.slot', 'i.created_at', 'd.reference', 'd.status', 'd.slots'])
      .select((eb) => eb.cast<string>('d.evaluation_date', 'text').as('evaluation_date'))
      .where('i.recipient_tag', '=', recipientTag)
      .orderBy('i.created_at', 'desc')
      .orderBy('i.slot', 'asc')
      .limit(200)
      .execute();
  },

  findInvitation(db: Executor, id: string) {
    return db.selectFrom('evaluation.expert_invitation').selectAll().where('id', '=', id).executeTakeFirst();
  },
};
