/**
 * Closed-loop load from one process: `writers` concurrent loops, each running its next operation
 * as soon as the last one finished, for a warm-up and then a measured window. The database
 * benchmarks (log, receipts) drive their writers with it.
 */

/** The value below which `p` % of `values` fall (nearest rank); NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export interface Window {
  warmupMs: number;
  measureMs: number;
}

export interface ClosedLoopResult {
  /** Operations that began and ended inside the measured window, per second. */
  perSecond: number;
  /** Their latencies (ms). */
  latencies: number[];
  /** Every operation, warm-up included. */
  operations: number;
}

/** Runs `work(writer, n)` (n counts operations across writers) from `writers` loops for warm-up + measure. */
export async function closedLoop(writers: number, window: Window, work: (writer: number, n: number) => Promise<void>): Promise<ClosedLoopResult> {
  const windowStart = performance.now() + window.warmupMs;
  const end = windowStart + window.measureMs;
  const latencies: number[] = [];
  let operations = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      while (performance.now() < end) {
        // Back to the event loop between operations, as between HTTP requests: PGlite answers
        // in-process through promises only, and a tight loop of them would starve the timers
        // (the checkpointer's among them) in a way no server workload does.
        await new Promise((resolve) => setImmediate(resolve));
        const began = performance.now();
        await work(writer, operations++);
        const done = performance.now();
        if (began >= windowStart && done <= end) latencies.push(done - began);
      }
    }),
  );
  return { perSecond: latencies.length / (window.measureMs / 1000), latencies, operations };
}
