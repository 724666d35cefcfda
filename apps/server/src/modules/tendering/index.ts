import { type PlatformModule, perPlatform } from '../../platform/module.js';
import { verifyDocumentSignature } from '../certificate/index.js';
import { biddingRoutes } from './bidding.routes.js';
import { seedTenderingDemo } from './demo-seed.js';
import { type BiddingService, createBiddingService } from './bidding.service.js';
import { type BiddingPorts, NO_CREDIT_RESTRICTIONS, UNVERIFIED_SECURITY } from './domain/ports.js';
import * as createTendering from './migrations/2026_11_30_1201_create_tendering.js';
import * as createBidding from './migrations/2026_11_30_1202_create_bidding.js';
import * as createOpening from './migrations/2026_11_30_1203_create_opening.js';
import { openingRoutes } from './opening.routes.js';
import { createOpeningService, type OpeningService } from './opening.service.js';
import { tenderingRoutes } from './tendering.routes.js';
import { createTenderingService, type TenderingService } from './tendering.service.js';

export type { BidSecurityCheck, BidSecurityStatus, BiddingPorts, CreditCheck, CreditRestriction } from './domain/ports.js';
export { receiptSigningBytes, type BidReceipt } from './bidding.service.js';
export { openingRecordSigningBytes, type SignedOpeningRecord } from './opening.service.js';
export * as sealedBid from './domain/sealed-bid/envelope.js';
export type { BidManifest } from './domain/sealed-bid/envelope.js';
export { combineShares, splitSecret, type Share } from './domain/sealed-bid/shamir.js';
export { PROCEDURES, PROCEDURE_TYPES, procedureOf, type ProcedureConfig, type ProcedureType } from './domain/procedures.js';

const serviceFor = perPlatform((deps): TenderingService => createTenderingService({ db: deps.db, clock: deps.clock, calendar: deps.calendar, events: deps.events }));

/**
 * The credit and finance modules plug their checks in here when they arrive (before start);
 * until then: no credit restrictions, bid security "unverified".
 */
const ports: BiddingPorts = { credit: NO_CREDIT_RESTRICTIONS, security: UNVERIFIED_SECURITY };
export function setBiddingPorts(next: Partial<BiddingPorts>): void {
  Object.assign(ports, next);
}

const biddingFor = perPlatform((deps): BiddingService => createBiddingService({ db: deps.db, clock: deps.clock, files: deps.files, keys: deps.keys, ports, verifySignature: (input) => verifyDocumentSignature(deps, input) }));

const openingFor = perPlatform((deps): OpeningService => createOpeningService({ db: deps.db, clock: deps.clock, keys: deps.keys, ports }));

/** Tenders (招标/采购公告), staff review and publication, document registration, clarifications, objections. */
export const tenderingModule: PlatformModule = {
  name: 'tendering',
  migrations: { '2026_11_30_1201_create_tendering': createTendering, '2026_11_30_1202_create_bidding': createBidding, '2026_11_30_1203_create_opening': createOpening },
  seedDemo: (deps) => seedTenderingDemo(deps, serviceFor(deps)),
  routes: async (app, deps) => {
    tenderingRoutes(serviceFor(deps), deps)(app);
    await biddingRoutes(biddingFor(deps), deps)(app);
    openingRoutes(openingFor(deps), deps)(app);
  },
};
