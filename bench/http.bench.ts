import { type Benchmark, type BenchResult, progress } from './format.js';
import { type LoadSummary, measureLoad } from './support/load.js';
import { HELLO_SERVER, PLATFORM_MAIN, platformEnv, spawnChild, startServer, withTempDir } from './support/processes.js';

/**
 * Requests/s and p99 latency of the platform's public JSON endpoints against a bare Fastify
 * hello-world, same load for both: 10 connections, 2 s warm-up, 10 s measured. One server runs
 * at a time and autocannon runs in its own process, so on 2 cores each gets a core.
 */
const LOAD = { connections: 10, warmupSeconds: 2, durationSeconds: 10 };
const ANNOUNCEMENTS = 10_000;

const ENDPOINTS = [
  // The trading hall's list: filters, a join to regions, a count, response serialization.
  { name: 'announcements', path: '/api/portal/announcements?limit=20' },
  // Reference data: an indexed lookup of a prefecture's counties.
  { name: 'regions', path: '/api/regions?parent=520000' },
];

export const httpBenchmark: Benchmark = {
  name: 'http',
  description: `req/s and p99 of GET ${ENDPOINTS.map((e) => e.path).join(', ')} vs a bare Fastify hello-world`,
  async run() {
    progress(`http: baseline hello-world, ${LOAD.connections} connections, ${LOAD.warmupSeconds}+${LOAD.durationSeconds} s`);
    const hello = await startServer(HELLO_SERVER, {}, { readyPath: '/' });
    let baseline: LoadSummary;
    try {
      baseline = await measureLoad({ url: `${hello.url}/`, ...LOAD });
    } finally {
      await hello.child.stop();
    }
    progress(`http: hello-world ${Math.round(baseline.requestsPerSecond)} req/s, p99 ${baseline.p99Ms.toFixed(2)} ms`);

    return withTempDir('ggzy-bench-http-', async (dataDir) => {
      progress(`http: seeding ${ANNOUNCEMENTS} announcements`);
      const seed = spawnChild(['bench/support/seed-announcements.ts'], { DATA_DIR: dataDir, ANNOUNCEMENTS: String(ANNOUNCEMENTS) }, 'seed');
      const seedCode = await seed.exited;
      if (seedCode !== 0) throw new Error(`Seeding announcements failed (${seedCode}):\n${seed.stderr()}`);

      const platform = await startServer(PLATFORM_MAIN, platformEnv(dataDir), { readyPath: '/health/ready' });
      try {
        const results: BenchResult[] = [];
        for (const endpoint of ENDPOINTS) {
          const url = platform.url + endpoint.path;
          await expectItems(url);
          progress(`http: platform ${endpoint.path}`);
          const load = await measureLoad({ url, ...LOAD });
          progress(`http: ${endpoint.name} ${Math.round(load.requestsPerSecond)} req/s, p99 ${load.p99Ms.toFixed(2)} ms`);
          const name = `http.${endpoint.name}`;
          results.push(
            { name, metric: 'throughput', unit: 'req/s', value: load.requestsPerSecond, baseline: baseline.requestsPerSecond },
            { name, metric: 'p99', unit: 'ms', value: load.p99Ms, baseline: baseline.p99Ms },
          );
        }
        return results;
      } finally {
        await platform.child.stop();
      }
    });
  },
};

/** A benchmark of an empty list or an error page would be meaningless: check the answer first. */
async function expectItems(url: string): Promise<void> {
  const response = await fetch(url);
  const body: unknown = await response.json();
  const items = typeof body === 'object' && body !== null && 'items' in body ? body.items : undefined;
  if (response.status !== 200 || !Array.isArray(items) || items.length === 0) {
    throw new Error(`GET ${url} answered ${response.status} without items: ${JSON.stringify(body).slice(0, 300)}`);
  }
}
