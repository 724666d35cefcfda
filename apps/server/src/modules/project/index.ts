import { type PlatformDeps, type PlatformModule, perPlatform } from '../../platform/module.js';
import type { Executor } from '../../platform/db/tables.js';
import { seedProjectDemo } from './demo-seed.js';
import { projectLookups } from './project.repository.js';
import * as createProject from './migrations/2026_11_29_1101_create_project.js';
import { projectRoutes } from './project.routes.js';
import { createProjectService, type ProjectService, type TradingMilestone } from './project.service.js';

export { DEMO_DEPARTMENT } from './demo-seed.js';
export { PROJECT_RULES } from './domain/rules.js';
export { decideMustEnter, catalogueVersionAt, type CatalogueVersion, type CatalogueEntry, type ProjectFacts } from './domain/catalogue.js';
export type { TradingMilestone } from './project.service.js';

/** The queue of the daily 应进未进 sweep. */
export const DAILY_ALERT_QUEUE = 'project.lifecycle-alerts.daily';

const serviceFor = perPlatform((deps): ProjectService => createProjectService({ db: deps.db, clock: deps.clock, calendar: deps.calendar, events: deps.events }));

/**
 * For the platform's trading modules: records a trading milestone of a section (e.g.
 * 'tradingCompleted' once the award notice or deal confirmation is issued) in the caller's
 * transaction, and refreshes the project's alerts.
 */
export function recordTradingMilestone(deps: PlatformDeps, tx: Executor, milestone: TradingMilestone): Promise<void> {
  return serviceFor(deps).recordTradingMilestone(tx, milestone);
}

/**
 * For the trading modules: the registered sections with these codes and whether their project's
 * entry was accepted, so nobody tenders a section that did not enter the platform.
 */
export async function findSections(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return [];
  const rows = await projectLookups.findSections(db, codes);
  return rows.map((r) => ({
    sectionCode: r.section_code,
    name: r.name,
    estimatedAmount: r.estimated_amount,
    withdrawn: r.withdrawn_at !== null,
    projectAccepted: r.project_status === 'accepted',
    regionCode: r.region_code,
    fundingSource: r.funding_source,
  }));
}

/** Sections a user registered that are open for trading (accepted project, section not withdrawn). */
export async function findAcceptedSectionsOf(db: Executor, registrantId: string) {
  const rows = await projectLookups.acceptedSectionsOf(db, registrantId);
  return rows.map((r) => ({ sectionCode: r.section_code, name: r.name, estimatedAmount: r.estimated_amount, projectName: r.project_name, regionCode: r.region_code, category: r.category }));
}

/** Re-evaluates every open dossier (the daily job; exported for tests and operators). */
export function refreshLifecycleAlerts(deps: PlatformDeps): Promise<number> {
  return serviceFor(deps).refreshAllDossiers();
}

/** Project entry, the must-trade catalogue, unified codes and the lifecycle timeline with its alerts. */
export const projectModule: PlatformModule = {
  name: 'project',
  migrations: { '2026_11_29_1101_create_project': createProject },
  routes: async (app, deps) => {
    // The catalogue must exist on every database, demo or not: the shipped version 1 on first start.
    await deps.db.transaction().execute((tx) => serviceFor(deps).ensureDefaultCatalogue(tx));
    projectRoutes(serviceFor(deps), deps)(app);
  },
  seedDemo: (deps) => seedProjectDemo(deps, serviceFor(deps)),
  workers: async (deps) => {
    const service = serviceFor(deps);
    await deps.jobs.work(DAILY_ALERT_QUEUE, async () => {
      const dossiers = await service.refreshAllDossiers();
      deps.logger.info({ dossiers }, 'lifecycle alerts refreshed');
    });
    // 01:10 Asia/Shanghai: after midnight a deadline of yesterday has passed.
    await deps.jobs.schedule(DAILY_ALERT_QUEUE, '10 1 * * *', {}, { tz: 'Asia/Shanghai' });
  },
};
