import { type PlatformModule, perPlatform } from '../../platform/module.js';
import { seedEvaluationDemo } from './demo-seed.js';
import { evaluationRoutes } from './evaluation.routes.js';
import { createEvaluationService, type EvaluationService } from './evaluation.service.js';
import * as createEvaluation from './migrations/2026_12_01_1401_create_evaluation.js';

export { deviationScores, lowPricePriorityScores, lowestEvaluatedPrice, discountedBase, FLOAT_POINTS, DEFAULT_DEVIATION_PARAMS } from './domain/price-score.js';
export { drawPanel, verifyDraw, seedCommitment, candidateListHash } from './domain/draw.js';
export { avoidanceExclusions, avoidanceReasons } from './domain/avoidance.js';
export { committeeProblems, tallyChairVote } from './domain/committee.js';

const serviceFor = perPlatform((deps): EvaluationService => createEvaluationService({ db: deps.db, clock: deps.clock, keys: deps.keys }));

/** Expert registry, random draw with avoidance (sealed, verifiable), and the evaluation domain. */
export const evaluationModule: PlatformModule = {
  name: 'evaluation',
  migrations: { '2026_12_01_1401_create_evaluation': createEvaluation },
  routes: async (app, deps) => {
    // The panel key must be loaded before any command transaction (see preparePanelKey).
    await serviceFor(deps).preparePanelKey();
    evaluationRoutes(serviceFor(deps), deps)(app);
  },
  seedDemo: (deps) => seedEvaluationDemo(deps),
};
