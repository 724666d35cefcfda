import { availableParallelism, loadavg } from 'node:os';
import { auctionBenchmark } from './auction.bench.js';
import { coldstartBenchmark } from './coldstart.bench.js';
import { type Benchmark, formatBenchLine, progress } from './format.js';
import { httpBenchmark } from './http.bench.js';
import { ingestBenchmark } from './ingest.bench.js';
import { logBenchmark } from './log.bench.js';
import { openingBenchmark } from './opening.bench.js';
import { receiptsBenchmark } from './receipts.bench.js';

/**
 * `npm run bench` runs every benchmark, `npm run bench -- NAME…` the named ones. stdout gets
 * only BENCH lines (see format.ts); a benchmark that throws is reported on stderr, the others
 * still run, and the exit code is 1. Add a benchmark by adding its module here.
 */
const BENCHMARKS: readonly Benchmark[] = [httpBenchmark, coldstartBenchmark, logBenchmark, auctionBenchmark, receiptsBenchmark, openingBenchmark, ingestBenchmark];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Known benchmarks:`);
  for (const b of BENCHMARKS) console.error(`  ${b.name.padEnd(12)} ${b.description}`);
  process.exit(1);
}

// Ctrl-C: exit through process.on('exit') so support/processes.ts kills the children.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

const selected = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
// Other work on the machine skews every figure: say how busy it was when the run started.
progress(`${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, Node ${process.version}`);
const failed: string[] = [];
for (const benchmark of selected) {
  const started = performance.now();
  progress(`${benchmark.name}: ${benchmark.description}`);
  try {
    const lines = (await benchmark.run()).map(formatBenchLine);
    for (const line of lines) console.log(line);
    progress(`${benchmark.name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed.push(benchmark.name);
    progress(`${benchmark.name}: FAILED`);
    console.error(error);
  }
}
if (failed.length > 0) {
  progress(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
