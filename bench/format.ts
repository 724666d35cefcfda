/**
 * The benchmark output convention. Machines are noisy, so no figure stands alone: every
 * result is a value and a baseline measured in the same run, and their ratio. stdout carries
 * only BENCH lines (one per result) so scripts and CI can grep them; progress goes to stderr.
 */

export interface BenchResult {
  /** Dotted name, first segment = the benchmark: `http.announcements`, `coldstart.first`. */
  name: string;
  /** What was measured: `throughput`, `p99`, `ready`. */
  metric: string;
  unit: string;
  value: number;
  baseline: number;
}

export interface Benchmark {
  /** What `npm run bench -- NAME` selects. */
  name: string;
  description: string;
  run(): Promise<BenchResult[]>;
}

/** `BENCH <name> <metric>=<value><unit> baseline=<value><unit> ratio=<value>` */
export function formatBenchLine(result: BenchResult): string {
  const { name, metric, unit, value, baseline } = result;
  if (!/^[\w.-]+$/.test(name) || !/^\w+$/.test(metric)) throw new Error(`Bad benchmark name or metric: ${name} ${metric}`);
  // A zero or missing baseline means the measurement failed; printing ratio=Infinity would hide it.
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} ${metric}: bad value ${value}`);
  if (!Number.isFinite(baseline) || baseline <= 0) throw new Error(`${name} ${metric}: bad baseline ${baseline}`);
  const ratio = value / baseline;
  return `BENCH ${name} ${metric}=${formatFigure(value)}${unit} baseline=${formatFigure(baseline)}${unit} ratio=${formatRatio(ratio)}`;
}

/** Three significant digits at most, whole numbers from 100 up (8123req/s, 41.7ms, 1.23ms). */
export function formatFigure(value: number): string {
  if (value >= 100 || value === 0) return String(Math.round(value));
  return String(Number(value.toFixed(value >= 10 ? 1 : 2)));
}

/** Two decimals; two significant digits below 0.1 so a tiny ratio never prints as 0.00. */
export function formatRatio(ratio: number): string {
  return ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
}

/** Progress and diagnostics: stderr, so stdout keeps only BENCH lines. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
