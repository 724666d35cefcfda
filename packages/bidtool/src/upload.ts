/**
 * The resumable upload: create an upload (or pick up the saved one), ask the server which chunks
 * it already holds (GET /api/bid-uploads/:id — index, size, SM3 of each), send only the others
 * (PUT …/chunks/:n with X-Chunk-Sm3), then commit with an Idempotency-Key kept in the state, so
 * a commit whose answer was lost replays the same receipt instead of making a second version.
 *
 * Memory: at most `parallel` chunks (8 MiB each) are held at once, whatever the bid's size.
 */
import { randomUUID } from 'node:crypto';
import { type BidReceipt, type CommitRequest, type PlatformClient, refusal } from './client.js';
import type { BidManifest } from './envelope.js';
import { AppError, bidtoolError } from './errors.js';

/** What survives an interruption (saved next to the package, `<sealed>.upload.json`). */
export interface UploadState {
  server: string;
  uploadId: string;
  idempotencyKey: string;
  packageSm3: string;
}

export type UploadEvent =
  | { kind: 'created'; uploadId: string }
  | { kind: 'resumed'; uploadId: string; present: number; total: number }
  | { kind: 'chunk'; index: number; sent: number; total: number; bytes: number }
  | { kind: 'retry'; index: number; attempt: number; reason: string }
  | { kind: 'committing' };

export interface UploadInput {
  client: PlatformClient;
  manifest: BidManifest;
  chunkSize: number;
  chunkSm3: readonly string[];
  commit: Omit<CommitRequest, 'manifest'>;
  /** The bytes of chunk `index` (read from the sealed file on demand). */
  readChunk(index: number): Promise<Buffer>;
  state: UploadState | undefined;
  saveState(state: UploadState): Promise<void>;
  parallel?: number;
  /** Attempts per chunk on network errors and 5xx answers (a refusal is not retried). */
  attempts?: number;
  onEvent?(event: UploadEvent): void;
}

export async function uploadBid(input: UploadInput): Promise<BidReceipt> {
  const { client, manifest } = input;
  const emit = input.onEvent ?? (() => {});
  const total = manifest.chunkCount;
  if (input.chunkSm3.length !== total) throw new Error('chunk list and manifest disagree');

  // Keyed by the package, not the URL: the same platform may be reached by another address. An
  // upload the server does not know (another platform, expired) starts afresh.
  let state = input.state?.packageSm3 === manifest.packageSm3 ? input.state : undefined;
  let present = new Map<number, string>();
  if (state) {
    const status = await client.uploadStatus(state.uploadId);
    if (status === undefined) state = undefined;
    else {
      checkChunkSize(input.chunkSize, status.chunkSize);
      present = new Map(status.chunks.map((c) => [c.index, c.sm3]));
      emit({
        kind: 'resumed',
        uploadId: state.uploadId,
        present: [...present].filter(([i, sm3]) => input.chunkSm3[i] === sm3).length,
        total,
      });
    }
  }
  if (!state) {
    const created = await client.startUpload(manifest.tenderId, manifest.sectionCode);
    checkChunkSize(input.chunkSize, created.chunkSize);
    state = { server: client.server, uploadId: created.uploadId, idempotencyKey: randomUUID(), packageSm3: manifest.packageSm3 };
    await input.saveState(state);
    emit({ kind: 'created', uploadId: state.uploadId });
  }

  const { uploadId } = state;
  const missing = input.chunkSm3.flatMap((sm3, index) => (present.get(index) === sm3 ? [] : [index]));
  let sent = total - missing.length;
  const attempts = input.attempts ?? 3;
  const queue = [...missing];
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      const bytes = await input.readChunk(index);
      const sm3 = input.chunkSm3[index] ?? '';
      for (let attempt = 1; ; attempt++) {
        try {
          const reply = await client.putChunk(uploadId, index, bytes, sm3);
          if (reply.status === 200) break;
          if (reply.status < 500 || attempt >= attempts) throw refusal(reply);
          emit({ kind: 'retry', index, attempt, reason: `HTTP ${reply.status}` });
        } catch (error) {
          const transient = error instanceof AppError && error.code === 'SERVER_UNREACHABLE';
          if (!transient || attempt >= attempts) throw error;
          emit({ kind: 'retry', index, attempt, reason: error.messageIn('en') });
        }
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
      sent += 1;
      emit({ kind: 'chunk', index, sent, total, bytes: bytes.length });
    }
  };
  // The first failure stops the other workers at their next chunk; the state stays for a resume.
  const workers = Array.from({ length: Math.max(1, Math.min(input.parallel ?? 2, missing.length)) }, () =>
    worker().catch((error: unknown) => {
      queue.length = 0;
      throw error;
    }),
  );
  const outcomes = await Promise.allSettled(workers);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;

  emit({ kind: 'committing' });
  const committed = await client.commit(uploadId, { manifest, ...input.commit }, state.idempotencyKey);
  if (committed.status !== 201 && committed.status !== 200) throw refusal(committed);
  return committed.body as BidReceipt;
}

function checkChunkSize(ours: number, theirs: number) {
  if (ours !== theirs) throw bidtoolError('CHUNK_SIZE_MISMATCH', { ours, theirs });
}
