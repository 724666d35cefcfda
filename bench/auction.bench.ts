import type { Benchmark, BenchResult } from './format.js';
import { progress } from './format.js';
import { platformEnv, spawnChild, startServer, withTempDir } from './support/processes.js';

/**
 * Live auctions (domain/security.md §9), embedded mode, three processes on the 2 cores: the
 * platform (bench/servers/auction-server.ts: the real server plus bench-only routes), the
 * watchers (bench/support/sse-watchers.ts: N SSE connections), and this driver.
 *
 * - `auction.broadcast.<N>` p99: bid-to-broadcast latency with N = 1,000 and 5,000 watchers —
 *   from the driver sending an accepted bid (POST with Idempotency-Key: lot lock, rules, seq,
 *   event row, outbox, transparency log, commit) to its frame arriving at each watcher, over
 *   every bid × watcher. Baseline: the empty broadcast in the same run — a bench route that hands
 *   one frame to the same fan-out without any database work, interleaved with the bids.
 *   Goals: p99 ≤ 100 ms at 1,000 and ≤ 250 ms at 5,000 watchers.
 * - `auction.hotlot` throughput: accepted bids/s on one lot, 3 bidders × 4 concurrent loops,
 *   each offering the next amount it believes valid (refusals retried with a fresh price).
 *   Baseline: the same loops posting a plain insert (one row, one transaction, no lock, no log).
 */
const WATCHER_COUNTS = [1_000, 5_000];
const EVENTS = 60;
const SPACING_MS = 100;
const HOT_SECONDS = 10;
const LOOPS_PER_BIDDER = 4;
const BIDDERS = ['bidder', 'bidder2', 'bidder3'];

export const auctionBenchmark: Benchmark = {
  name: 'auction',
  description: 'bid-to-broadcast p99 at 1,000 and 5,000 SSE watchers vs an empty broadcast; accepted bids/s on one hot lot vs plain inserts',
  async run() {
    return withTempDir('ggzy-bench-auction-', async (dataDir) => {
      const server = await startServer('bench/servers/auction-server.ts', platformEnv(dataDir), { readyPath: '/health/ready' });
      try {
        const base = server.url;
        const lots = (await (await fetch(`${base}/api/auction/lots?status=listing`)).json()) as { items: Array<{ id: string; increment: string }> };
        const lot = lots.items[0];
        if (!lot) throw new Error('the demo seed has no lot in listing');
        const sessions = await Promise.all(BIDDERS.map((u) => login(base, u)));
        for (const cookie of sessions) await post(base, `/api/auction/lots/${lot.id}/registrations`, { depositProof: 'BENCH-0001' }, cookie);
        const increment = toFen(lot.increment);
        let high = toFen(((await (await fetch(`${base}/api/auction/lots/${lot.id}`)).json()) as { currentPrice: string }).currentPrice);
        let serial = 0;

        const results: BenchResult[] = [];
        for (const watchers of WATCHER_COUNTS) {
          progress(`auction: ${watchers} watchers connecting`);
          const child = spawnChild(['bench/support/sse-watchers.ts', `${base}/api/auction/lots/${lot.id}/events`, String(watchers)], {}, 'watchers');
          await waitFor(() => child.stdout().includes('READY'), 120_000, () => child.stderr());
          await waitFor(async () => ((await (await fetch(`${base}/api/bench/auction/watchers/${lot.id}`)).json()) as { watchers: number }).watchers >= watchers, 60_000);
          await sleep(1_000);
          const sends: Record<string, number> = {};
          for (let i = 0; i < EVENTS; i++) {
            // Alternate: a bid (the next valid price, bidders in turn), then an empty broadcast.
            high += increment;
            const sentAt = now();
            const answer = await post(base, `/api/auction/lots/${lot.id}/bids`, { amount: fromFen(high) }, sessions[i % BIDDERS.length] ?? '', `bench-${++serial}`);
            if (answer.status !== 201) throw new Error(`bid refused: ${answer.status} ${JSON.stringify(answer.body)}`);
            sends[`s${(answer.body as { seq: number }).seq}`] = sentAt;
            await sleep(SPACING_MS);
            const pingAt = now();
            await post(base, `/api/bench/auction/ping/${lot.id}`, { key: `k${i}` });
            sends[`pk${i}`] = pingAt;
            await sleep(SPACING_MS);
          }
          await sleep(500);
          await post(base, `/api/bench/auction/ping/${lot.id}`, { key: 'done', sends } as never);
          const code = await child.exited;
          if (code !== 0) throw new Error(`watchers exited with ${code}: ${child.stderr()}`);
          const summary = JSON.parse(child.stdout().split('\n').find((l) => l.startsWith('{')) ?? '{}') as { bid: Stats; ping: Stats; missing: number };
          if (summary.missing !== 0) throw new Error(`${summary.missing} frames never arrived`);
          progress(`auction: ${watchers} watchers: bid p50 ${summary.bid.p50.toFixed(1)} p99 ${summary.bid.p99.toFixed(1)} max ${summary.bid.max.toFixed(1)} ms; empty broadcast p50 ${summary.ping.p50.toFixed(1)} p99 ${summary.ping.p99.toFixed(1)} ms`);
          results.push({ name: `auction.broadcast.${watchers}`, metric: 'p99', unit: 'ms', value: summary.bid.p99, baseline: summary.ping.p99 });
          await sleep(1_500);
        }

        progress(`auction: hot lot, ${BIDDERS.length} bidders × ${LOOPS_PER_BIDDER} loops, ${HOT_SECONDS} s`);
        let accepted = 0;
        let refused = 0;
        const hotUntil = now() + HOT_SECONDS * 1000;
        await Promise.all(
          sessions.flatMap((cookie) =>
            Array.from({ length: LOOPS_PER_BIDDER }, async () => {
              while (now() < hotUntil) {
                high += increment;
                const answer = await post(base, `/api/auction/lots/${lot.id}/bids`, { amount: fromFen(high) }, cookie, `bench-${++serial}`);
                if (answer.status === 201) accepted++;
                else if (answer.status === 422) refused++;
                else throw new Error(`bid failed: ${answer.status} ${JSON.stringify(answer.body)}`);
              }
            }),
          ),
        );
        const bidsPerSecond = accepted / HOT_SECONDS;
        let inserts = 0;
        const plainUntil = now() + HOT_SECONDS * 1000;
        await Promise.all(
          Array.from({ length: BIDDERS.length * LOOPS_PER_BIDDER }, async () => {
            while (now() < plainUntil) {
              const answer = await post(base, '/api/bench/auction/plain', { lotId: lot.id, amount: fromFen(high) });
              if (answer.status !== 200) throw new Error(`plain insert failed: ${answer.status}`);
              inserts++;
            }
          }),
        );
        progress(`auction: hot lot ${bidsPerSecond.toFixed(0)} accepted bids/s (${refused} refused as outbid), plain inserts ${(inserts / HOT_SECONDS).toFixed(0)}/s`);
        results.push({ name: 'auction.hotlot', metric: 'throughput', unit: 'bids/s', value: bidsPerSecond, baseline: inserts / HOT_SECONDS });
        return results;
      } finally {
        await server.child.stop();
      }
    });
  },
};

interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const toFen = (amount: string) => {
  const [w = '0', f = ''] = amount.split('.');
  return BigInt(w) * 100n + BigInt(f.padEnd(2, '0'));
};
const fromFen = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

async function waitFor(probe: () => boolean | Promise<boolean>, timeoutMs: number, why: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms ${why()}`);
}

async function login(base: string, username: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo@2026' }) });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function post(base: string, path: string, body: object, cookie = '', idempotencyKey?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}
