import { type Benchmark, progress } from './format.js';
import { HELLO_SERVER, median, PLATFORM_MAIN, platformEnv, startServer, withTempDir } from './support/processes.js';

/**
 * Time from spawning `node --import tsx apps/server/src/main.ts` to the first 200 from
 * /health/ready: on an empty DATA_DIR (PGlite init, every migration, the demo seed) and again
 * on the populated one (a restart). Baseline: the same spawn of a bare Fastify hello-world,
 * so Node start-up and tsx transpiling of the entry are factored out. Median of RUNS each.
 */
const RUNS = 3;

export const coldstartBenchmark: Benchmark = {
  name: 'coldstart',
  description: 'spawn-to-ready time of the platform on an empty and on a populated DATA_DIR vs a bare Fastify hello-world',
  async run() {
    // Untimed: fills tsx's transform cache so the first timed run is not the only one paying for it.
    await timeStart(HELLO_SERVER, {}, '/');
    const hello: number[] = [];
    for (let i = 0; i < RUNS; i += 1) hello.push(await timeStart(HELLO_SERVER, {}, '/'));
    progress(`coldstart: hello-world ${hello.map(Math.round).join(', ')} ms`);

    const first: number[] = [];
    const restart: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      await withTempDir('ggzy-bench-coldstart-', async (dataDir) => {
        first.push(await timeStart(PLATFORM_MAIN, platformEnv(dataDir), '/health/ready'));
        restart.push(await timeStart(PLATFORM_MAIN, platformEnv(dataDir), '/health/ready'));
      });
      progress(`coldstart: run ${i + 1}/${RUNS}: first ${Math.round(first[i] ?? 0)} ms, restart ${Math.round(restart[i] ?? 0)} ms`);
    }
    const baseline = median(hello);
    return [
      { name: 'coldstart.first', metric: 'ready', unit: 'ms', value: median(first), baseline },
      { name: 'coldstart.restart', metric: 'ready', unit: 'ms', value: median(restart), baseline },
    ];
  },
};

/** One start, timed, then a clean stop (SIGTERM: the platform releases its DATA_DIR lock). */
async function timeStart(script: string, env: Record<string, string>, readyPath: string): Promise<number> {
  const server = await startServer(script, env, { readyPath });
  await server.child.stop();
  return server.readyMs;
}
