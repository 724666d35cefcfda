/**
 * Server time is authoritative for every deadline, receipt and auction event. Business code
 * asks the clock, never `Date.now()`, so tests can put the platform at any instant.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts at `start` and moves only when told to. */
export function manualClock(start: Date | string) {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
    set(instant: Date | string) {
      current = new Date(instant).getTime();
    },
  };
}
