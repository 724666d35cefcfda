import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkingDayCalendar } from '../../platform/calendar/index.js';
import { manualClock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { collectMigrations } from '../../platform/db/migrator.js';
import { platformMigrations } from '../../platform/migrations/index.js';
import { databaseTargets } from '../../platform/testing/databases.js';
import { projectModule } from './index.js';
import { projectRepository as repo } from './project.repository.js';
import { createProjectService } from './project.service.js';

const migrations = collectMigrations([
  { module: 'platform', migrations: platformMigrations },
  { module: 'project', migrations: projectModule.migrations },
]);

describe.each(databaseTargets())('project codes and catalogue on $name', (target) => {
  let database: Database;
  const clock = manualClock('2026-11-27T02:00:00Z');
  beforeAll(async () => {
    database = await target.open(migrations, { poolSize: 8 });
  });
  afterAll(() => database?.close());

  it('hands out serials without gaps or repeats to concurrent transactions, and a rolled-back one gives its value back', async () => {
    const scope = `project:${target.name}-520115`;
    const attempt = (fail: boolean) =>
      database.db
        .transaction()
        .execute(async (tx) => {
          const value = await repo.nextCounterValue(tx, scope);
          // Hold the lock a moment, as a registration does while it writes its rows.
          await sql`select pg_sleep(0.01)`.execute(tx);
          if (fail) throw new Error('registration refused');
          return value;
        })
        .catch(() => null);
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => attempt(i % 4 === 3)));
    const committed = results.filter((v): v is number => v !== null).toSorted((a, b) => a - b);
    expect(committed).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('refuses to change a code once assigned (codes never change)', async () => {
    await database.db.transaction().execute(async (tx) => {
      await sql`insert into project.catalogue_version (version, effective_from, reason, entry_deadline_working_days, entries, created_at) values (99, '2026-01-01', 'test', 20, '[]', now()) on conflict do nothing`.execute(tx);
    });
    const row = await repo.insertProject(database.db, {
      project_code: 'G520115000000001X',
      code_scheme: 'ggzy-1',
      invest_project_code: null,
      name: '测试项目',
      region_code: '520115',
      industry_code: '48',
      category: 'engineeringConstruction',
      contract_kind: 'works',
      funding_source: 'stateBudget',
      estimated_amount: '100.00',
      approval_kind: 'filing',
      approval_document_number: '1',
      approval_authority: 'x',
      approval_date: '2026-11-01',
      tenderer_name: 'x',
      registered_by: '00000000-0000-0000-0000-000000000001',
      registered_by_name: 'x',
      status: 'pending',
      return_reasons: null,
      must_enter: false,
      must_enter_decision: '{}',
      catalogue_version: 99,
      submitted_at: clock.now(),
      first_submitted_at: clock.now(),
      reviewed_at: null,
      reviewed_by: null,
      created_at: clock.now(),
    });
    await expect(database.db.updateTable('project.project').set({ project_code: 'G520115000000002U' }).where('id', '=', row.id).execute()).rejects.toThrow(/immutable/);
    await database.db.updateTable('project.project').set({ name: '测试项目（改名）' }).where('id', '=', row.id).execute();
  });

  it('seeds the default catalogue as version 1 exactly once, even from two nodes at once', async () => {
    const events = { publish: async () => {}, subscribe: () => () => {} };
    const node = () => createProjectService({ db: database.db, clock, calendar: loadWorkingDayCalendar(), events });
    await database.db.deleteFrom('project.project').execute();
    await database.db.deleteFrom('project.catalogue_version').execute();
    await Promise.all([node(), node()].map((service) => database.db.transaction().execute((tx) => service.ensureDefaultCatalogue(tx))));
    const versions = await repo.listCatalogueVersions(database.db);
    expect(versions.map((v) => v.version)).toEqual([1]);
    expect(await repo.nextCounterValue(database.db, 'catalogue')).toBeGreaterThanOrEqual(2);
  });
});
