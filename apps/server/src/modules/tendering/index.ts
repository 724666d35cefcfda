import type { Executor, Tx } from '../../platform/db/tables.js';
import type { Principal, RequestContext } from '../../platform/http/access.js';
import { type PlatformDeps, type PlatformModule, perPlatform } from '../../platform/module.js';
import { verifyDocumentSignature } from '../certificate/index.js';
import { biddingRoutes } from './bidding.routes.js';
import { seedTenderingDemo } from './demo-seed.js';
import { type BiddingService, createBiddingService } from './bidding.service.js';
import { type BiddingPorts, NO_CREDIT_RESTRICTIONS, UNVERIFIED_SECURITY } from './domain/ports.js';
import type { ProcedureType } from './domain/procedures.js';
import * as createTendering from './migrations/2026_11_30_1201_create_tendering.js';
import * as createBidding from './migrations/2026_11_30_1202_create_bidding.js';
import * as createOpening from './migrations/2026_11_30_1203_create_opening.js';
import * as createOpeningEvent from './migrations/2026_11_30_1204_create_opening_event.js';
import * as indexOpeningBidSection from './migrations/2026_12_04_0003_index_opening_bid_section.js';
import * as openingKeyShareSource from './migrations/2026_12_05_0001_opening_key_share_source.js';
import { createOpeningHub, type OpeningHub } from './opening-events.js';
import { createOpeningHallService, type OpeningHallService } from './opening-hall.service.js';
import { openingRoutes } from './opening.routes.js';
import { createOpeningService, type OpeningService } from './opening.service.js';
import { tenderingRoutes } from './tendering.routes.js';
import { createTenderingService, type TenderInput, type TenderingService } from './tendering.service.js';

export type { BidSecurityCheck, BidSecurityStatus, BiddingPorts, CreditCheck, CreditRestriction } from './domain/ports.js';
export { receiptSignatureValid } from './bid-commit.js';
export { openingRecordSigningBytes, type SignedOpeningRecord } from './opening.service.js';
export { findOpenedSection, sectionsReadyForEvaluation, type OpenedBid, type OpenedSection, type OpenedSectionResult } from './opening-results.js';
export { FLOAT_POINTS, verifyFloatPoint, type FloatPointLetter, type FloatPointMode } from './domain/opening-hall.js';
export * as sealedBid from './domain/sealed-bid/envelope.js';
export type { BidManifest } from './domain/sealed-bid/envelope.js';
export { combineShares, splitSecret, type Share } from './domain/sealed-bid/shamir.js';
export { PROCEDURES, PROCEDURE_TYPES, procedureOf, type Period, type ProcedureConfig, type ProcedureType, type Sector } from './domain/procedures.js';
export { dateAfter, satisfiesMinimum } from './domain/deadlines.js';
export type { TenderInput } from './tendering.service.js';

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

const openingFor = perPlatform((deps): OpeningService => createOpeningService({ db: deps.db, clock: deps.clock, keys: deps.keys, ports, events: deps.events }));
const openingHallFor = perPlatform((deps): OpeningHallService => createOpeningHallService({ db: deps.db, clock: deps.clock, events: deps.events }));
/** This process's SSE fan-out of opening halls (one channel per watched section). */
export const openingHubFor = perPlatform((deps): OpeningHub => createOpeningHub(deps));

/** Tenders (招标/采购公告), staff review and publication, document registration, clarifications, objections. */
export const tenderingModule: PlatformModule = {
  name: 'tendering',
  migrations: { '2026_11_30_1201_create_tendering': createTendering, '2026_11_30_1202_create_bidding': createBidding, '2026_11_30_1203_create_opening': createOpening, '2026_11_30_1204_create_opening_event': createOpeningEvent, '2026_12_04_0003_index_opening_bid_section': indexOpeningBidSection, '2026_12_05_0001_opening_key_share_source': openingKeyShareSource },
  seedDemo: (deps) => seedTenderingDemo(deps, serviceFor(deps)),
  routes: async (app, deps) => {
    tenderingRoutes(serviceFor(deps), deps)(app);
    await biddingRoutes(biddingFor(deps), deps)(app);
    const hub = openingHubFor(deps);
    openingRoutes(openingFor(deps), openingHallFor(deps), hub, deps)(app);
    // Streams end before the server waits for its connections to close.
    app.addHook('preClose', async () => hub.close());
  },
};

// ---------------------------------------------------------------------------------------------
// For the award module (publicity, award notice, re-tender): read-only lookups, the shared
// notification inbox (GET /api/tendering/notifications) and a re-tender draft through `create`.

/** A tender section as the award and evaluation modules need it; undefined when either does not exist. */
export async function findTenderSection(db: Executor, tenderId: string, sectionCode: string) {
  const tender = await db.selectFrom('tendering.tender').selectAll().where('id', '=', tenderId).executeTakeFirst();
  if (!tender) return undefined;
  const section = await db.selectFrom('tendering.section').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
  if (!section) return undefined;
  return {
    tenderId,
    title: tender.title,
    procedureType: tender.procedure_type as ProcedureType,
    regionCode: tender.region_code,
    announcement: tender.announcement,
    ownerId: tender.owner_id,
    ownerName: tender.owner_name,
    status: tender.status,
    sectionStatus: section.status,
    section: { sectionCode, name: section.name, estimatedAmount: section.estimated_amount, ceilingPrice: section.ceiling_price, security: { kind: section.security_kind, amount: section.security_amount } },
  };
}

/** Every bidder whose bid was counted at the opening of the section (E53: all of them hear the result). */
export async function openedBidders(db: Executor, tenderId: string, sectionCode: string): Promise<Array<{ bidderId: string; bidderName: string }>> {
  const rows = await db.selectFrom('tendering.opening_bid').select(['bidder_id', 'bidder_name']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).orderBy('received_at').execute();
  return rows.map((r) => ({ bidderId: r.bidder_id, bidderName: r.bidder_name }));
}

/** Puts one message per recipient into the tender notification inbox, all with the same instant. */
export async function notifyUsers(tx: Executor, tenderId: string, messages: ReadonlyArray<{ recipientId: string; kind: string; message: string }>, at: Date): Promise<void> {
  if (messages.length === 0) return;
  await tx
    .insertInto('tendering.notification')
    .values(messages.map((m) => ({ recipient_id: m.recipientId, tender_id: tenderId, kind: m.kind, message: m.message, created_at: at })))
    .execute();
}

/** A new draft tender through the ordinary create command (all its checks and its audit entry). */
export function draftTender(deps: PlatformDeps, tx: Tx, principal: Principal, input: TenderInput, ctx: RequestContext) {
  return serviceFor(deps).create(tx, principal, input, ctx);
}
