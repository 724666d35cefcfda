/**
 * The uploading side of bench/ingest.bench.ts, in a process of its own as a bidder's
 * `ggzy-bidtool upload` is. Why not in the driver: the driver has loaded the platform's modules
 * and sealed 500 MiB, and with that heap fetch's copy of every 8 MiB body made it spend more time
 * in garbage collection than sending (a driver profile: 2.8 s GC for two 500 MiB runs), so it
 * measured itself — 83–146 MiB/s for the raw PUT, where a fresh process reached 200–240.
 *
 * Input: a JSON job file (argv[2]); output: one JSON line on stdout with the wall time.
 */
import { readFile, open } from 'node:fs/promises';
import type { CommitRequest } from '../../packages/bidtool/src/client.js';
import { PlatformClient } from '../../packages/bidtool/src/client.js';
import type { BidManifest } from '../../packages/bidtool/src/envelope.js';
import { uploadBid } from '../../packages/bidtool/src/upload.js';

export interface IngestJob {
  kind: 'raw' | 'ingest';
  base: string;
  sealedPath: string;
  size: number;
  chunkSize: number;
  parallel: number;
  /** raw: how many chunks to send. */
  count: number;
  /** ingest only. */
  cookie?: string;
  manifest?: BidManifest;
  chunkSm3?: string[];
  commit?: Omit<CommitRequest, 'manifest'>;
}

const job = JSON.parse(await readFile(process.argv[2] ?? '', 'utf8')) as IngestJob;
const file = await open(job.sealedPath, 'r');
const readChunk = async (index: number) => {
  const length = Math.min(job.chunkSize, job.size - index * job.chunkSize);
  const buffer = Buffer.allocUnsafe(length);
  await file.read(buffer, 0, length, index * job.chunkSize);
  return buffer;
};
const started = performance.now();
let receipt: unknown;
if (job.kind === 'raw') await rawUpload(job, readChunk);
else {
  if (!job.manifest || !job.chunkSm3 || !job.commit || !job.cookie) throw new Error('ingest job without manifest, chunks, commit or cookie');
  receipt = await uploadBid({
    client: new PlatformClient({ server: job.base, auth: { cookie: job.cookie } }),
    manifest: job.manifest,
    chunkSize: job.chunkSize,
    chunkSm3: job.chunkSm3,
    commit: job.commit,
    state: undefined,
    saveState: async () => {},
    readChunk,
    parallel: job.parallel,
  });
}
const seconds = (performance.now() - started) / 1000;
await file.close();
process.stdout.write(`${JSON.stringify({ seconds, receipt })}\n`);

/** The baseline: the same chunks to the bench route that only writes them to disk. */
async function rawUpload(raw: IngestJob, read: (index: number) => Promise<Buffer>) {
  const queue = Array.from({ length: raw.count }, (_, i) => i);
  await Promise.all(
    Array.from({ length: raw.parallel }, async () => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
        const response = await fetch(`${raw.base}/api/bench/ingest/raw/${index}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream' },
          body: await read(index),
        });
        if (response.status !== 200) throw new Error(`raw PUT ${index}: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
    }),
  );
}
