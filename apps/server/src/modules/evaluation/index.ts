import { type PlatformModule, perPlatform } from '../../platform/module.js';
import { findOpenedSection } from '../tendering/index.js';
import { seedEvaluationDemo } from './demo-seed.js';
import { evaluationRoutes } from './evaluation.routes.js';
import { createEvaluationService, type EvaluationService } from './evaluation.service.js';
import * as createEvaluation from './migrations/2026_12_01_1401_create_evaluation.js';
import * as createEvaluationRoom from './migrations/2026_12_02_1401_create_evaluation_room.js';
import * as createExpertInvitation from './migrations/2026_12_03_1401_create_expert_invitation.js';
import * as bindDrawToSection from './migrations/2026_12_05_1401_bind_draw_to_section.js';
import * as indexEvaluationMembers from './migrations/2026_12_05_1402_index_evaluation_members.js';
import type { OpenedSectionSource } from './opened-section.js';
import { roomRoutes } from './room.routes.js';
import { createRoomService, type RoomService } from './room.service.js';

export { deviationScores, lowPricePriorityScores, lowestEvaluatedPrice, discountedBase, FLOAT_POINTS, DEFAULT_DEVIATION_PARAMS } from './domain/price-score.js';
export { drawPanel, verifyDraw, seedCommitment, candidateListHash } from './domain/draw.js';
export { avoidanceExclusions, avoidanceReasons } from './domain/avoidance.js';
export { committeeProblems, tallyChairVote } from './domain/committee.js';
export { REJECTION_REASONS, rejectionReason } from './domain/rejection.js';
export { findSignedReport, reportSigningBytes, REPORT_FORMAT, type FoundReport, type ReportCandidate, type SignedEvaluationReport } from './report.js';
export type { OpenedSection, OpenedSectionSource } from './opened-section.js';

/** Default port: the tendering module's read of a closed opening (opening-results.ts). */
export const tenderingOpenedSections: OpenedSectionSource = {
  async find(db, tenderId, sectionCode) {
    const opened = await findOpenedSection(db, tenderId, sectionCode);
    if (!opened) return undefined;
    return {
      tenderId,
      sectionCode,
      procedureType: opened.procedureType,
      readyForEvaluation: opened.readyForEvaluation,
      status: opened.status,
      ceilingPrice: opened.ceilingPrice,
      floatPoint: opened.floatPoint?.rate ?? null,
      // Only bids read out with a price are evaluated; Art 31 outcomes (deemed revoked/withdrawn) are not bids any more.
      bids: opened.bids.flatMap((b) => (!b.opened || b.price === null ? [] : [{ bidId: b.bidId, bidderId: b.bidderId, bidderName: b.bidderName, price: b.price }])),
    };
  },
};

const serviceFor = perPlatform((deps): EvaluationService => createEvaluationService({ db: deps.db, clock: deps.clock, keys: deps.keys }));
const roomFor = perPlatform((deps): RoomService => createRoomService({ db: deps.db, clock: deps.clock, keys: deps.keys, sections: tenderingOpenedSections }));

/** Expert registry, random draw with avoidance (sealed, verifiable), and the evaluation room. */
export const evaluationModule: PlatformModule = {
  name: 'evaluation',
  migrations: {
    '2026_12_01_1401_create_evaluation': createEvaluation,
    '2026_12_02_1401_create_evaluation_room': createEvaluationRoom,
    '2026_12_03_1401_create_expert_invitation': createExpertInvitation,
    '2026_12_05_1401_bind_draw_to_section': bindDrawToSection,
    '2026_12_05_1402_index_evaluation_members': indexEvaluationMembers,
  },
  routes: async (app, deps) => {
    // The panel key must be loaded before any command transaction (see preparePanelKey).
    await serviceFor(deps).preparePanelKey();
    evaluationRoutes(serviceFor(deps), deps)(app);
    roomRoutes(roomFor(deps), deps)(app);
  },
  seedDemo: (deps) => seedEvaluationDemo(deps),
};
