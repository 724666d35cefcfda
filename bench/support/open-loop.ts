import type { Window } from './closed-loop.js';

/**
 * Open-loop load from one process: operations start on a fixed schedule, `rate` per second,
 * whether or not earlier ones have finished — as bidders arrive near a deadline, each on their
 * own. A latency runs from the operation's scheduled start, so time lost while the process was
 * busy counts against the system (no coordinated omission).
 */
export interface OpenLoopResult {
  /** Operations scheduled in the measured window that completed, per second of the window. */
  perSecond: number;
  /** Their latencies (ms), from the scheduled start. */
  latencies: number[];
  /** Every operation started, warm-up included. */
  operations: number;
}

/** Starts `work(n)` at `rate` per second for warm-up + measure, then waits for all of them. */
export async function openLoop(rate: number, window: Window, work: (n: number) => Promise<void>): Promise<OpenLoopResult> {
  const start = performance.now();
  const windowStart = start + window.warmupMs;
  const end = windowStart + window.measureMs;
  const latencies: number[] = [];
  const running: Array<Promise<void>> = [];
  let operations = 0;
  for (;;) {
    const now = performance.now();
    // Every operation whose time has come (several when a timer fired late).
    for (let due = start + (operations * 1000) / rate; due <= now && due < end; due = start + (operations * 1000) / rate) {
      const scheduled = due;
      running.push(
        work(operations++).then(() => {
          const done = performance.now();
          if (scheduled >= windowStart) latencies.push(done - scheduled);
        }),
      );
    }
    if (now >= end) break;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(running);
  return { perSecond: latencies.length / (window.measureMs / 1000), latencies, operations };
}
