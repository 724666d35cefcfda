import { sql } from 'kysely';
import Type from 'typebox';
import { auctionHubFor } from '../../apps/server/src/modules/auction/index.js';
import { loadConfig } from '../../apps/server/src/platform/config/config.js';
import type { PlatformModule } from '../../apps/server/src/platform/module.js';
import { startPlatform } from '../../apps/server/src/platform.js';

/**
 * The platform as `npm start` runs it, plus a bench-only module (never in MODULES):
 * - POST /api/bench/auction/ping/:id — the empty broadcast: one frame to every watcher of the
 *   lot through the same SSE fan-out, with no database work (the latency baseline);
 * - GET /api/bench/auction/watchers/:id — how many watchers this process holds for the lot;
 * - POST /api/bench/auction/plain — one plain insert in a transaction (the throughput baseline).
 */
const benchModule: PlatformModule = {
  name: 'bench-auction',
  migrations: {
    '2099_01_01_0001_create_bench_auction': {
      up: async (db) => {
        await sql`create schema bench_auction; create table bench_auction.plain_bid (id bigserial primary key, lot_id uuid not null, amount numeric(18,2) not null, at timestamptz not null)`.execute(db);
      },
    },
  },
  routes: (app, deps) => {
    const hub = auctionHubFor(deps);
    const Params = Type.Object({ id: Type.String() });
    app.post('/bench/auction/ping/:id', { config: { access: 'public', rateLimit: false }, schema: { hide: true, params: Params, body: Type.Object({ key: Type.String() }) } }, async (request) => ({
      watchers: hub.broadcastRaw(request.params.id, JSON.stringify(request.body)),
    }));
    app.get('/bench/auction/watchers/:id', { config: { access: 'public', rateLimit: false }, schema: { hide: true, params: Params } }, async (request) => ({ watchers: hub.watcherCount(request.params.id) }));
    app.post('/bench/auction/plain', { config: { access: 'public', rateLimit: false }, schema: { hide: true, body: Type.Object({ lotId: Type.String(), amount: Type.String() }) } }, async (request) => {
      await deps.db.transaction().execute((tx) =>
        sql`insert into bench_auction.plain_bid (lot_id, amount, at) values (${request.body.lotId}::uuid, ${request.body.amount}::numeric, ${deps.clock.now()})`.execute(tx),
      );
      return { ok: true };
    });
  },
};

const platform = await startPlatform(loadConfig(process.env), { extraModules: [benchModule] });
const close = () => {
  platform.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
