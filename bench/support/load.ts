import { spawnChild } from './processes.js';

export interface LoadOptions {
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface LoadSummary {
  requestsPerSecond: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/**
 * Runs autocannon against `url` in a child process (cannon.ts) and returns its summary.
 * Fails loudly on any non-2xx answer, connection error or timeout: a fast error page is
 * not a throughput figure.
 */
export async function measureLoad(options: LoadOptions): Promise<LoadSummary> {
  const child = spawnChild([new URL('./cannon.ts', import.meta.url).pathname, JSON.stringify(options)], {}, 'autocannon');
  const code = await child.exited;
  if (code !== 0) throw new Error(`autocannon exited with ${code}: ${child.stderr()}`);
  const summary = JSON.parse(child.stdout()) as LoadSummary;
  if (summary.non2xx > 0 || summary.errors > 0 || summary.timeouts > 0 || summary.ok === 0) {
    throw new Error(
      `Load on ${options.url} was not clean: ${summary.ok} 2xx, ${summary.non2xx} non-2xx ${JSON.stringify(summary.statusCodes)}, ` +
        `${summary.errors} errors, ${summary.timeouts} timeouts`,
    );
  }
  return summary;
}
