import { TRADE_CATEGORIES } from '@ggzy/contracts';
import { openDatabase } from '../../apps/server/src/platform/db/database.js';
import { migrateToLatest } from '../../apps/server/src/platform/db/migrator.js';
import { allMigrations } from '../../apps/server/src/platform.js';

/**
 * Fills DATA_DIR's portal with ANNOUNCEMENTS published announcements before the platform
 * starts on it: the demo seed publishes none, and a query over an empty table measures
 * nothing. A child process (see http.bench.ts) so PGlite never loads into the runner.
 * Spread over all categories, all counties and the past year, like a province's trading hall.
 */
const dataDir = process.env.DATA_DIR;
const count = Number(process.env.ANNOUNCEMENTS ?? 10_000);
if (!dataDir) throw new Error('DATA_DIR is required');

const database = await openDatabase({ kind: 'embedded', dataDir });
try {
  await migrateToLatest(database.db, allMigrations());
  const regions = await database.db.selectFrom('region.region').select(['code', 'name']).where('level', '=', 'county').execute();
  if (regions.length === 0) throw new Error('No counties in region.region');
  const now = Date.parse('2026-11-27T00:00:00Z');
  const year = 365 * 24 * 3600 * 1000;
  const rows = Array.from({ length: count }, (_, i) => {
    const region = regions[(i * 7) % regions.length] ?? regions[0];
    const category = TRADE_CATEGORIES[i % TRADE_CATEGORIES.length] ?? TRADE_CATEGORIES[0];
    return {
      title: `${region?.name ?? ''}第${i + 1}号${category}交易公告`,
      category,
      region_code: region?.code ?? '520000',
      // Deterministic spread: i·φ mod 1 fills the year without clustering.
      published_at: new Date(now - ((i * 0.6180339887) % 1) * year),
      url: `/announcements/bench-${i + 1}`,
      source: `bench:${i + 1}`,
    };
  });
  for (let i = 0; i < rows.length; i += 1_000) {
    await database.db.insertInto('portal.announcement').values(rows.slice(i, i + 1_000)).execute();
  }
} finally {
  await database.close();
}
