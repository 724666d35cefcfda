import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tables.js';
import type { LifecycleAlertTable, LifecycleEventTable, ProjectTable, SectionTable } from './project.tables.js';
import type { Insertable, Selectable, Updateable } from 'kysely';

export type ProjectRow = Selectable<ProjectTable>;
export type SectionRow = Selectable<SectionTable>;
export type EventRow = Selectable<LifecycleEventTable>;
export type AlertRow = Selectable<LifecycleAlertTable>;

/** All SQL of the project module. Repositories never open transactions: services pass `tx`. */
export const projectRepository = {
  /**
   * The next value of a counter (project serial per region, deal serial per day, catalogue
   * version). The upsert takes the counter row's lock until the transaction ends, so concurrent
   * registrations queue here and every committed value is used once: no gaps, no reuse.
   */
  async nextCounterValue(tx: Executor, scope: string): Promise<number> {
    const row = await tx
      .insertInto('project.code_counter')
      .values({ scope, last_value: 1 })
      .onConflict((oc) => oc.column('scope').doUpdateSet({ last_value: sql`project.code_counter.last_value + 1` }))
      .returning('last_value')
      .executeTakeFirstOrThrow();
    return Number(row.last_value);
  },

  // --- catalogue ------------------------------------------------------------------------------

  listCatalogueVersions(db: Executor) {
    return db.selectFrom('project.catalogue_version').selectAll().orderBy('version', 'asc').execute();
  },

  insertCatalogueVersion(
    tx: Executor,
    row: {
      version: number;
      effective_from: string;
      reason: string;
      entry_deadline_working_days: number;
      entries: unknown;
      created_by: string | null;
      created_at: Date;
    },
  ) {
    return tx
      .insertInto('project.catalogue_version')
      .values({ ...row, entries: JSON.stringify(row.entries) })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** The shipped catalogue as version 1 if no version exists; the counter then continues from 1. */
  async insertDefaultCatalogueVersion(
    tx: Executor,
    row: {
      version: number;
      effective_from: string;
      reason: string;
      entry_deadline_working_days: number;
      entries: unknown;
      created_by: string | null;
      created_at: Date;
    },
  ) {
    await tx
      .insertInto('project.catalogue_version')
      .values({ ...row, entries: JSON.stringify(row.entries) })
      .onConflict((oc) => oc.column('version').doNothing())
      .execute();
    await tx
      .insertInto('project.code_counter')
      .values({ scope: 'catalogue', last_value: row.version })
      .onConflict((oc) =>
        oc.column('scope').doUpdateSet({ last_value: sql`greatest(project.code_counter.last_value, excluded.last_value)` }),
      )
      .execute();
  },

  // --- reference data of other modules (read-only lookups; no facade exists yet) --------------

  async regionExists(db: Executor, code: string): Promise<boolean> {
    const row = await db.selectFrom('region.region').select('code').where('code', '=', code).executeTakeFirst();
    return row !== undefined;
  },

  async missingFiles(db: Executor, keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = await db.selectFrom('files.file').select('key').where('key', 'in', keys).execute();
    const found = new Set(rows.map((r) => r.key));
    return keys.filter((k) => !found.has(k));
  },

  // --- projects, tender projects, sections ---------------------------------------------------

  insertProject(tx: Executor, row: Insertable<ProjectTable>) {
    return tx.insertInto('project.project').values(row).returningAll().executeTakeFirstOrThrow();
  },

  updateProject(tx: Executor, id: string, changes: Updateable<ProjectTable>) {
    return tx.updateTable('project.project').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  },

  findProject(db: Executor, id: string) {
    return db.selectFrom('project.project').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Locks the project row: reviews and resubmissions of one project queue here. */
  findProjectForUpdate(tx: Executor, id: string) {
    return tx.selectFrom('project.project').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  findProjectByCode(db: Executor, projectCode: string) {
    return db.selectFrom('project.project').selectAll().where('project_code', '=', projectCode).executeTakeFirst();
  },

  findProjectByInvestCode(db: Executor, investProjectCode: string) {
    return db
      .selectFrom('project.project')
      .selectAll()
      .where('invest_project_code', '=', investProjectCode)
      .orderBy('created_at', 'asc')
      .executeTakeFirst();
  },

  listProjects(db: Executor, filter: { registeredBy?: string; status?: string; limit: number; oldestFirst?: boolean }) {
    let query = db.selectFrom('project.project as p').select((eb) => [
      'p.id',
      'p.project_code',
      'p.invest_project_code',
      'p.name',
      'p.region_code',
      'p.category',
      'p.estimated_amount',
      'p.tenderer_name',
      'p.registered_by_name',
      'p.status',
      'p.must_enter',
      'p.submitted_at',
      eb
        .selectFrom('project.section as s')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('s.project_id', '=', 'p.id')
        .where('s.withdrawn_at', 'is', null)
        .as('section_count'),
      eb
        .selectFrom('project.lifecycle_alert as a')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('a.project_id', '=', 'p.id')
        .where('a.resolved_at', 'is', null)
        .as('open_alerts'),
    ]);
    if (filter.registeredBy) query = query.where('p.registered_by', '=', filter.registeredBy);
    if (filter.status) query = query.where('p.status', '=', filter.status);
    return query
      .orderBy('p.submitted_at', filter.oldestFirst ? 'asc' : 'desc')
      .limit(filter.limit)
      .execute();
  },

  insertTenderProject(
    tx: Executor,
    row: { project_id: string; tender_project_code: string; sequence: number; name: string; created_at: Date },
  ) {
    return tx.insertInto('project.tender_project').values(row).returningAll().executeTakeFirstOrThrow();
  },

  listTenderProjects(db: Executor, projectId: string) {
    return db.selectFrom('project.tender_project').selectAll().where('project_id', '=', projectId).orderBy('sequence').execute();
  },

  async insertSection(tx: Executor, row: Insertable<SectionTable>, assignedAt: Date) {
    const section = await tx.insertInto('project.section').values(row).returningAll().executeTakeFirstOrThrow();
    await tx
      .insertInto('project.deal_code')
      .values({ deal_code: section.deal_code, section_id: section.id, round: section.round, assigned_at: assignedAt })
      .execute();
    return section;
  },

  updateSection(tx: Executor, id: string, changes: Updateable<SectionTable>) {
    return tx.updateTable('project.section').set(changes).where('id', '=', id).execute();
  },

  listSections(db: Executor, projectId: string) {
    return db
      .selectFrom('project.section as s')
      .innerJoin('project.tender_project as t', 't.id', 's.tender_project_id')
      .selectAll('s')
      .select('t.tender_project_code')
      .where('s.project_id', '=', projectId)
      .orderBy('t.sequence')
      .orderBy('s.sequence')
      .execute();
  },

  findSectionByCode(db: Executor, sectionCode: string) {
    return db.selectFrom('project.section').selectAll().where('section_code', '=', sectionCode).executeTakeFirst();
  },

  /** The section of any deal code ever assigned (every round). */
  findSectionByDealCode(db: Executor, dealCode: string) {
    return db
      .selectFrom('project.deal_code as d')
      .innerJoin('project.section as s', 's.id', 'd.section_id')
      .selectAll('s')
      .where('d.deal_code', '=', dealCode)
      .executeTakeFirst();
  },

  // --- department clients --------------------------------------------------------------------

  insertDepartmentClient(
    tx: Executor,
    row: {
      username: string;
      department_code: string;
      department_kind: string;
      department_name: string;
      region_code: string;
      created_by: string;
      created_at: Date;
    },
  ) {
    return tx.insertInto('project.department_client').values(row).returningAll().executeTakeFirstOrThrow();
  },

  findActiveDepartmentClient(db: Executor, username: string) {
    return db
      .selectFrom('project.department_client')
      .selectAll()
      .where('username', '=', username)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  },

  listDepartmentClients(db: Executor) {
    return db.selectFrom('project.department_client').selectAll().orderBy('created_at', 'desc').execute();
  },

  revokeDepartmentClient(tx: Executor, id: string, at: Date) {
    return tx
      .updateTable('project.department_client')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  },

  async departmentNames(db: Executor): Promise<Map<string, string>> {
    const rows = await db
      .selectFrom('project.department_client')
      .select(['department_code', 'department_name'])
      .orderBy('created_at', 'asc')
      .execute();
    return new Map(rows.map((r) => [r.department_code, r.department_name]));
  },

  // --- lifecycle events ----------------------------------------------------------------------

  insertEvent(tx: Executor, row: Insertable<LifecycleEventTable>) {
    return tx.insertInto('project.lifecycle_event').values(row).returningAll().executeTakeFirstOrThrow();
  },

  listEventsOfDossier(db: Executor, dossierKey: string) {
    return db
      .selectFrom('project.lifecycle_event')
      .selectAll()
      .where('dossier_key', '=', dossierKey)
      .orderBy('occurred_on')
      .orderBy('recorded_at')
      .execute();
  },

  /** Attaches events recorded before the project registered (approval records) to it. */
  attachDossierEvents(tx: Executor, dossierKey: string, projectId: string, projectCode: string) {
    return tx
      .updateTable('project.lifecycle_event')
      .set({ project_id: projectId, project_code: projectCode })
      .where('dossier_key', '=', dossierKey)
      .where('project_id', 'is', null)
      .execute();
  },

  async dossierHasApproval(db: Executor, dossierKey: string): Promise<boolean> {
    const row = await db
      .selectFrom('project.lifecycle_event')
      .select('id')
      .where('dossier_key', '=', dossierKey)
      .where('stage', '=', 'approval')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Dossiers the daily job re-evaluates: any with an approval record or an open alert. */
  async activeDossiers(db: Executor): Promise<string[]> {
    const rows = await db
      .selectFrom('project.lifecycle_event')
      .select('dossier_key')
      .where('stage', '=', 'approval')
      .union(db.selectFrom('project.lifecycle_alert').select('dossier_key').where('resolved_at', 'is', null))
      .execute();
    return [...new Set(rows.map((r) => r.dossier_key))];
  },

  // --- alerts --------------------------------------------------------------------------------

  listOpenAlertsOfDossier(db: Executor, dossierKey: string) {
    return db
      .selectFrom('project.lifecycle_alert')
      .selectAll()
      .where('dossier_key', '=', dossierKey)
      .where('resolved_at', 'is', null)
      .execute();
  },

  insertAlert(tx: Executor, row: Insertable<LifecycleAlertTable>) {
    return tx.insertInto('project.lifecycle_alert').values(row).returningAll().executeTakeFirstOrThrow();
  },

  updateAlert(tx: Executor, id: string, changes: Updateable<LifecycleAlertTable>) {
    return tx.updateTable('project.lifecycle_alert').set(changes).where('id', '=', id).execute();
  },

  listAlerts(
    db: Executor,
    filter: {
      kind?: string;
      regionPrefix?: string;
      departmentCode?: string;
      includeResolved?: boolean;
      projectId?: string;
      dossierKey?: string;
      limit: number;
    },
  ) {
    let query = db.selectFrom('project.lifecycle_alert').selectAll();
    if (!filter.includeResolved) query = query.where('resolved_at', 'is', null);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    if (filter.regionPrefix) query = query.where('region_code', 'like', `${filter.regionPrefix}%`);
    if (filter.departmentCode) query = query.where('department_code', '=', filter.departmentCode);
    if (filter.projectId) query = query.where('project_id', '=', filter.projectId);
    if (filter.dossierKey) query = query.where('dossier_key', '=', filter.dossierKey);
    return query.orderBy('raised_at', 'desc').limit(filter.limit).execute();
  },

  listEventsByIds(db: Executor, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([] as EventRow[]);
    return db.selectFrom('project.lifecycle_event').selectAll().where('id', 'in', ids).execute();
  },

  openAlertFacets(db: Executor) {
    return db
      .selectFrom('project.lifecycle_alert')
      .select(['kind', 'region_code', 'department_code', 'department_name'])
      .where('resolved_at', 'is', null)
      .execute();
  },
};

export const projectLookups = {
  /** Registered sections by code, with their project's entry status (for the trading modules). */
  findSections(db: Executor, codes: readonly string[]) {
    return db
      .selectFrom('project.section as s')
      .innerJoin('project.project as p', 'p.id', 's.project_id')
      .select(['s.section_code', 's.name', 's.estimated_amount', 's.withdrawn_at', 'p.status as project_status', 'p.region_code', 'p.funding_source'])
      .where('s.section_code', 'in', codes)
      .execute();
  },

  /** Sections open for trading (project accepted, section not withdrawn) that a user registered. */
  acceptedSectionsOf(db: Executor, registrantId: string) {
    return db
      .selectFrom('project.section as s')
      .innerJoin('project.project as p', 'p.id', 's.project_id')
      .select(['s.section_code', 's.name', 's.estimated_amount', 'p.name as project_name', 'p.region_code', 'p.category'])
      .where('p.registered_by', '=', registrantId)
      .where('p.status', '=', 'accepted')
      .where('s.withdrawn_at', 'is', null)
      .orderBy('p.created_at')
      .orderBy('s.sequence')
      .execute();
  },

  listProjectsByInvestCode(db: Executor, investProjectCode: string) {
    return db
      .selectFrom('project.project')
      .selectAll()
      .where('invest_project_code', '=', investProjectCode)
      .orderBy('created_at', 'asc')
      .execute();
  },
};
