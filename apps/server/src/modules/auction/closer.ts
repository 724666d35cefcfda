import type { AuctionService } from './auction.service.js';

/**
 * The closer: every `intervalMs`, applies the time-based transitions whose instant has passed
 * (listing start and end, countdown expiry, scheduled resumption) at their own instants, by the
 * platform clock. Runs in every worker process; the service takes each lot with
 * `for update skip locked` and re-checks under the lock, so several nodes never double-close,
 * and a bid arriving first settles the lot itself.
 */
export function startCloser(options: { service: AuctionService; intervalMs?: number; onChanged: (lotId: string) => void; logger: { error(details: object, message: string): void } }) {
  let stopped = false;
  let busy = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      for (const lotId of await options.service.closeDueLots()) options.onChanged(lotId);
    } catch (error) {
      options.logger.error({ err: error }, 'auction closer pass failed; retrying');
    }
  };
  const timer = setInterval(() => {
    if (stopped || busy) return;
    busy = true;
    running = tick().finally(() => {
      busy = false;
    });
  }, options.intervalMs ?? 200);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
