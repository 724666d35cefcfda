import type { TRADE_CATEGORIES } from '@ggzy/contracts';
import type { Executor } from '../../platform/db/tables.js';
import type { PlatformModule } from '../../platform/module.js';
import './portal.tables.js';
import * as createPortal from './migrations/2026_11_27_0301_create_portal.js';
import { portalRoutes } from './portal.routes.js';

/** The public trading hall (网上交易大厅): what anyone can read without signing in. */
export const portalModule: PlatformModule = {
  name: 'portal',
  migrations: { '2026_11_27_0301_create_portal': createPortal },
  routes: portalRoutes,
};

export interface AnnouncementInput {
  title: string;
  category: (typeof TRADE_CATEGORIES)[number];
  regionCode: string;
  publishedAt: Date;
  /** Where the full notice is read, e.g. /tenders/{id}. */
  url: string;
  /** The publishing module's own id of the notice; one row per source (republishing updates it). */
  source: string;
}

/**
 * For trading modules: puts a published notice into the trading hall, in the caller's
 * transaction, so the hall lists it exactly when the publication commits.
 */
export async function publishAnnouncement(tx: Executor, input: AnnouncementInput): Promise<void> {
  const row = { title: input.title, category: input.category, region_code: input.regionCode, published_at: input.publishedAt, url: input.url };
  await tx
    .insertInto('portal.announcement')
    .values({ ...row, source: input.source })
    .onConflict((c) => c.column('source').doUpdateSet(row))
    .execute();
}
