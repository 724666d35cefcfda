import { type PlatformModule, perPlatform } from '../../platform/module.js';
import { auctionRoutes } from './auction.routes.js';
import { type AuctionService, createAuctionService } from './auction.service.js';
import { startCloser } from './closer.js';
import { seedAuctionDemo } from './demo-seed.js';
import * as createAuction from './migrations/2026_11_30_1301_create_auction.js';
import { createLotHub, type LotHub } from './sse.js';

export { AUCTION_RULES } from './domain/rules.js';
export type { AuctionFinancePort, AuctionCreditPort } from './ports.js';
export type { AuctionService } from './auction.service.js';
export type { LotHub } from './sse.js';

/** The module's service for a running platform (tests, benchmarks). */
export const auctionServiceFor = perPlatform((deps): AuctionService => createAuctionService({ db: deps.db, clock: deps.clock, events: deps.events, keys: deps.keys }));

/** This process's SSE fan-out (the benchmark's empty-broadcast baseline uses it directly). */
export const auctionHubFor = perPlatform((deps): LotHub => createLotHub({ db: deps.db, events: deps.events, now: () => deps.clock.now(), logger: deps.logger }));

/** Land, mining and property rights: listing (挂牌), auction (拍卖) and timed bidding (限时竞价), live. */
export const auctionModule: PlatformModule = {
  name: 'auction',
  migrations: { '2026_11_30_1301_create_auction': createAuction },
  routes: async (app, deps) => {
    const service = auctionServiceFor(deps);
    await service.ready();
    const hub = auctionHubFor(deps);
    auctionRoutes(service, hub, deps)(app);
    // Streams end before the server waits for its connections to close.
    app.addHook('preClose', async () => hub.close());
    if (deps.config.roles.has('worker')) {
      const closer = startCloser({ service, onChanged: (lotId) => hub.poke(lotId), logger: deps.logger });
      app.addHook('preClose', async () => closer.stop());
    }
  },
  seedDemo: async (deps) => {
    await auctionServiceFor(deps).ready();
    await seedAuctionDemo(deps, auctionServiceFor(deps));
  },
};
