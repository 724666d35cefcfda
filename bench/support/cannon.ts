import autocannon from 'autocannon';
import type { LoadOptions, LoadSummary } from './load.js';

/**
 * The load generator, run as its own process (see load.ts): on a 2-core machine the server
 * under test gets one core and this process the other, instead of both sharing one event loop.
 * Reads LoadOptions as JSON from argv, writes one LoadSummary as JSON to stdout.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;

// Warm-up: JIT, connection setup, caches; its figures are thrown away.
if (options.warmupSeconds > 0) await autocannon({ url: options.url, connections: options.connections, duration: options.warmupSeconds });

// autocannon's own histogram records whole milliseconds, too coarse for a sub-millisecond
// baseline p99; the `response` event carries each latency as a fractional millisecond.
const latencies: number[] = [];
const instance = autocannon({ url: options.url, connections: options.connections, duration: options.durationSeconds });
instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
  if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
});
const result = await instance;

latencies.sort((a, b) => a - b);
const summary: LoadSummary = {
  requestsPerSecond: result.requests.average,
  p99Ms: latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] ?? Number.NaN,
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
