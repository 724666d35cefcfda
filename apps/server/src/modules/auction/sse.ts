import { createStreamHub, type StreamHub, type StreamHubOptions } from '../../platform/events/stream-hub.js';
import { auctionRepository as repo } from './auction.repository.js';
import { lotTopic } from './auction.service.js';

export { frameOf, type SseSink } from '../../platform/events/stream-hub.js';

/**
 * Live fan-out of lots' event streams over SSE (security.md §9): the kernel's stream hub
 * (platform/events/stream-hub.ts) over `auction.lot_event`, keyed by lot id. A lot's seq has no
 * gaps and its events are written under the lot's row lock.
 */
export type LotHubOptions = Omit<StreamHubOptions, 'name' | 'topicOf' | 'eventsAfter'>;
export type LotHub = StreamHub;

export function createLotHub(options: LotHubOptions): LotHub {
  return createStreamHub({ ...options, name: 'auction lot', topicOf: lotTopic, eventsAfter: (db, lotId, afterSeq, limit) => repo.eventsAfter(db, lotId, afterSeq, limit) });
}
