import { type PlatformModule, perPlatform } from '../../platform/module.js';
import { findSignedReport } from '../evaluation/index.js';
import { recordTradingMilestone } from '../project/index.js';
import { draftTender } from '../tendering/index.js';
import { awardRoutes } from './award.routes.js';
import { type AwardViews, createAwardViews } from './award.views.js';
import { createDecisionService, type DecisionService } from './decision.service.js';
import * as createAward from './migrations/2026_12_02_1501_create_award.js';
import * as indexAwardObjection from './migrations/2026_12_04_0002_index_award_objection.js';
import type { AwardPorts, SignedReportSource } from './ports.js';
import { createPublicityService, type PublicityService } from './publicity.service.js';

export { AWARD_RULES, FALLBACK_REASONS, type FallbackReason } from './domain/award-rules.js';
export { AWARD_NOTICE_FORMAT, awardNoticeSigningBytes, verifyAwardNotice, type AwardNotice, type SignedAwardNotice } from './domain/notice.js';
export type { AwardPorts, SignedReport, SignedReportSource } from './ports.js';

/** The evaluation module's locked, signed committee report, as the award reads it (score = the committee's total). */
const evaluationReports: SignedReportSource = {
  async findSignedReport(db, tenderId, sectionCode) {
    const found = await findSignedReport(db, tenderId, sectionCode);
    if (!found) return undefined;
    return {
      tenderId,
      sectionCode,
      candidates: found.report.candidates.map((c) => ({ rank: c.rank, bidderId: c.bidderId, bidderName: c.bidderName, price: c.price, score: c.total })),
      // The report reaches the tenderer on the platform when the last member signs (E49 counts from here).
      reportedAt: new Date(found.signedAt),
      reportSm3: found.reportSm3,
      logIndex: found.logIndex,
    };
  },
};

/** Where signed reports come from: the evaluation module; another source may plug in with `setAwardPorts` before start. */
const ports: AwardPorts = { reports: evaluationReports };
export function setAwardPorts(next: Partial<AwardPorts>): void {
  Object.assign(ports, next);
}

const publicityFor = perPlatform((deps): PublicityService => createPublicityService({ db: deps.db, clock: deps.clock, calendar: deps.calendar, events: deps.events, ports }));
const decisionFor = perPlatform(
  (deps): DecisionService =>
    createDecisionService({
      db: deps.db,
      clock: deps.clock,
      calendar: deps.calendar,
      events: deps.events,
      ports,
      keys: deps.keys,
      milestone: (tx, milestone) => recordTradingMilestone(deps, tx, milestone),
      draftTender: (tx, principal, input, ctx) => draftTender(deps, tx, principal, input, ctx),
    }),
);
const viewsFor = perPlatform((deps): AwardViews => createAwardViews({ db: deps.db, clock: deps.clock, calendar: deps.calendar, signingKey: () => decisionFor(deps).signingKey() }));

/** Candidate publicity, objections to the result, award decision, signed award notice, failure and re-tender. */
export const awardModule: PlatformModule = {
  name: 'award',
  migrations: { '2026_12_02_1501_create_award': createAward, '2026_12_04_0002_index_award_objection': indexAwardObjection },
  routes: (app, deps) => {
    awardRoutes({ publicity: publicityFor(deps), decision: decisionFor(deps), views: viewsFor(deps) }, deps)(app);
  },
};
