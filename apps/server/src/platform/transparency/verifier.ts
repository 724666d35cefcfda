import {
  asciiBytes,
  equalBytes,
  fromBase64,
  fromHex,
  leafHash,
  parseCheckpointNote,
  toHex,
  verifyConsistency,
} from '@ggzy/contracts';
import type { Executor } from '../db/tables.js';
import { canonicalJson } from '../idempotency/canonical-json.js';
import { decodeEntry, type LogEntryV1 } from './entry.js';
import { sha256, sm3 } from './hashes.js';
import { LogService } from './log-service.js';
import { CHECKPOINT_KEY_NAME, keyHashOf, sm2CheckpointVerifier } from './signer.js';
import { CompactTree } from './tree.js';

/**
 * The log verifier (`npm run verify-log`): reads every entry and every checkpoint — straight
 * from a database, or through a running server's API — and checks, in index order:
 *
 * - each entry: present at its index (none missing), its stored SM3 and SHA-256 leaf hashes are
 *   the hashes of its bytes (an edited byte shows here), its bytes are a canonical entry that
 *   names this index (a moved or swapped entry shows here), and the audit columns say what the
 *   bytes say (an edited column shows here);
 * - each checkpoint, when the entries reach its size: the note is well formed and matches the
 *   stored roots, the SM2 signature verifies with the log key, the roots recomputed from the
 *   entries are the signed ones (edits that also rewrote the stored hashes show here, narrowed
 *   to the entries since the previous checkpoint), timestamps do not go back, and — through an
 *   API — the server's consistency proof from the previous checkpoint verifies;
 * - the end: no checkpoint and no log head beyond the last stored entry (deleted tail entries).
 *
 * It stops at the first problem and names it. Memory is O(log n): the trees are compact ranges.
 */
export interface SourceEntry {
  index: number;
  data: Uint8Array;
  leafSm3: Uint8Array;
  leafSha256: Uint8Array;
  recorded: {
    at: Date | string;
    actorId: string | null;
    actorName: string | null;
    action: string;
    target: string | null;
    outcome: string;
    ip: string | null;
    detail: unknown;
  };
}

export interface SourceCheckpoint {
  treeSize: number;
  rootSm3: Uint8Array;
  rootSha256: Uint8Array;
  timestamp: Date | string;
  note: string;
}

export interface LogSource {
  /** For messages: where the log was read from. */
  readonly description: string;
  /** The size the log head claims, when the source can tell. */
  headSize(): Promise<number | undefined>;
  entries(from: number, limit: number): Promise<SourceEntry[]>;
  checkpoints(after: number, limit: number): Promise<SourceCheckpoint[]>;
  /** The checkpoint key the source knows (hex); a pinned key given to verifyLog wins. */
  publicKey(): Promise<string | undefined>;
  /** Through an API: the server's own consistency proof, checked against the signed roots. */
  consistencyProof?(from: number, to: number): Promise<Uint8Array[]>;
}

export interface VerifyOptions {
  /** The checkpoint public key (hex) obtained out of band; else the source's. */
  publicKey?: string;
  /** The origin line checkpoints must carry; default: whatever the first checkpoint says. */
  origin?: string;
  /** Called every `progressEvery` entries. */
  onProgress?: (verified: number) => void;
  progressEvery?: number;
}

export interface VerifyReport {
  ok: boolean;
  /** Entries that passed every check. */
  entries: number;
  /** Checkpoints that passed every check. */
  checkpoints: number;
  /** Entries after the last checkpoint (checked, but not yet covered by a signature). */
  uncovered: number;
  /** The first bad entry, when one could be named. */
  firstBadEntry?: number;
  /** What is wrong, in one sentence. */
  problem?: string;
  publicKey?: string;
}

const PAGE = 1000;

class Failure extends Error {
  constructor(
    readonly problem: string,
    readonly entry?: number,
  ) {
    super(problem);
  }
}

export async function verifyLog(source: LogSource, options: VerifyOptions = {}): Promise<VerifyReport> {
  const trees = { sm3: new CompactTree(sm3), sha256: new CompactTree(sha256) };
  let verified = 0;
  let checkpointsVerified = 0;
  let lastCheckpoint: SourceCheckpoint | undefined;
  let publicKey: string | undefined;
  try {
    publicKey = options.publicKey ?? (await source.publicKey());
    const verifier = publicKey ? sm2CheckpointVerifier(publicKey) : undefined;
    let origin = options.origin;

    // Checkpoints are read a page at a time, in tree-size order, alongside the entries.
    let queue: SourceCheckpoint[] = [];
    let checkpointsExhausted = false;
    const nextCheckpoint = async (): Promise<SourceCheckpoint | undefined> => {
      if (queue.length === 0 && !checkpointsExhausted) {
        queue = await source.checkpoints(lastCheckpoint?.treeSize ?? 0, PAGE);
        if (queue.length < PAGE) checkpointsExhausted = true;
      }
      return queue[0];
    };

    const checkCheckpoint = async (c: SourceCheckpoint): Promise<void> => {
      const at = `checkpoint at tree size ${c.treeSize}`;
      const from = lastCheckpoint?.treeSize ?? 0;
      origin = checkSignedNote(c, lastCheckpoint, verifier, origin);
      if (!equalBytes(trees.sm3.root(), c.rootSm3) || !equalBytes(trees.sha256.root(), c.rootSha256)) {
        throw new Failure(
          `${at}: the entries ${from}…${c.treeSize - 1} do not give the signed roots: one of them was altered ` +
            'together with its stored leaf hashes (every entry passes on its own; the signature pins the range)',
          from,
        );
      }
      await checkServerConsistency(source, lastCheckpoint, c);
      lastCheckpoint = c;
      checkpointsVerified += 1;
      queue.shift();
    };

    // Checkpoints of size 0 cannot exist (the table refuses them); anything below the next size is out of order.
    const settleCheckpoints = async (size: number): Promise<void> => {
      for (let c = await nextCheckpoint(); c && c.treeSize <= size; c = await nextCheckpoint()) {
        if (c.treeSize < size) throw new Failure(`checkpoint at tree size ${c.treeSize}: out of order`);
        await checkCheckpoint(c);
      }
    };

    for (;;) {
      const page = await source.entries(verified, PAGE);
      if (page.length === 0) break;
      for (const row of page) {
        const index = verified;
        if (row.index !== index) {
          throw new Failure(
            row.index > index ? `entry ${index} is missing (the next stored entry is ${row.index})` : `entry ${row.index} is stored twice`,
            index,
          );
        }
        checkEntry(row, index);
        trees.sm3.append(row.leafSm3);
        trees.sha256.append(row.leafSha256);
        verified += 1;
        await settleCheckpoints(verified);
        if (options.onProgress && verified % (options.progressEvery ?? 100_000) === 0) options.onProgress(verified);
      }
    }

    const beyond = await nextCheckpoint();
    if (beyond) {
      throw new Failure(
        `entry ${verified} is missing: the checkpoint at tree size ${beyond.treeSize} was signed over ${beyond.treeSize} entries, but only ${verified} are stored`,
        verified,
      );
    }
    const head = await source.headSize();
    if (head !== undefined && head > verified) {
      throw new Failure(`entry ${verified} is missing: the log head says ${head} entries, but only ${verified} are stored`, verified);
    }
    if (head !== undefined && head < verified) throw new Failure(`the log head says ${head} entries, but ${verified} are stored: the head was changed`);
    return { ok: true, entries: verified, checkpoints: checkpointsVerified, uncovered: verified - (lastCheckpoint?.treeSize ?? 0), ...(publicKey ? { publicKey } : {}) };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return {
      ok: false,
      entries: verified,
      checkpoints: checkpointsVerified,
      uncovered: verified - (lastCheckpoint?.treeSize ?? 0),
      problem: error.problem,
      ...(error.entry === undefined ? {} : { firstBadEntry: error.entry }),
      ...(publicKey ? { publicKey } : {}),
    };
  }
}

/**
 * Checks what can be checked without the entries — each checkpoint's note and SM2 signature,
 * timestamps in order, and (through an API) the server's consistency proofs between
 * consecutive checkpoints: what an outside witness without access to personal data can do.
 */
export async function verifyCheckpoints(source: LogSource, options: Pick<VerifyOptions, 'publicKey' | 'origin'> = {}): Promise<VerifyReport> {
  let checked = 0;
  let previous: SourceCheckpoint | undefined;
  const publicKey = options.publicKey ?? (await source.publicKey());
  try {
    const verifier = publicKey ? sm2CheckpointVerifier(publicKey) : undefined;
    let origin = options.origin;
    for (;;) {
      const page = await source.checkpoints(previous?.treeSize ?? 0, PAGE);
      for (const c of page) {
        origin = checkSignedNote(c, previous, verifier, origin);
        await checkServerConsistency(source, previous, c);
        previous = c;
        checked += 1;
      }
      if (page.length < PAGE) break;
    }
    return { ok: true, entries: 0, checkpoints: checked, uncovered: 0, ...(publicKey ? { publicKey } : {}) };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return { ok: false, entries: 0, checkpoints: checked, uncovered: 0, problem: error.problem, ...(publicKey ? { publicKey } : {}) };
  }
}

/** The note is well formed, says what the row says, is signed by the log key, and is not older than the previous one. Returns the origin. */
function checkSignedNote(
  c: SourceCheckpoint,
  previous: SourceCheckpoint | undefined,
  verifier: ReturnType<typeof sm2CheckpointVerifier> | undefined,
  expectedOrigin: string | undefined,
): string {
  const at = `checkpoint at tree size ${c.treeSize}`;
  const note = parseCheckpointNote(c.note);
  if (!note.ok) throw new Failure(`${at}: the signed note is malformed (${note.reason})`);
  const { body } = note;
  if (body.size !== c.treeSize || !equalBytes(body.rootSm3, c.rootSm3) || !equalBytes(body.rootSha256, c.rootSha256)) {
    throw new Failure(`${at}: the stored size or roots differ from the signed note`);
  }
  if (new Date(c.timestamp).toISOString() !== body.timestamp) throw new Failure(`${at}: the stored timestamp differs from the signed note`);
  const origin = expectedOrigin ?? body.origin;
  if (body.origin !== origin) throw new Failure(`${at}: the note is for the log "${body.origin}", not "${origin}"`);
  if (!verifier) throw new Failure(`${at}: no public key to check the signature with (give --public-key)`);
  const keyHash = keyHashOf(body.origin, verifier.publicKey);
  const signature = note.signatures.find((s) => s.keyName === body.origin && equalBytes(s.keyHash, keyHash));
  if (!signature) throw new Failure(`${at}: the note is not signed by the log key ${toHex(keyHash)}`);
  if (!verifier.verify(asciiBytes(note.bodyText), signature.signature)) throw new Failure(`${at}: the SM2 signature does not verify`);
  if (previous && body.timestamp < new Date(previous.timestamp).toISOString()) {
    throw new Failure(`${at}: signed before the previous checkpoint (${new Date(previous.timestamp).toISOString()})`);
  }
  return origin;
}

async function checkServerConsistency(source: LogSource, previous: SourceCheckpoint | undefined, c: SourceCheckpoint): Promise<void> {
  if (!previous || !source.consistencyProof) return;
  const proof = await source.consistencyProof(previous.treeSize, c.treeSize);
  const verdict = verifyConsistency(sm3, previous.treeSize, c.treeSize, previous.rootSm3, c.rootSm3, proof);
  if (!verdict.ok) {
    throw new Failure(`checkpoint at tree size ${c.treeSize}: the server's consistency proof from ${previous.treeSize} does not verify (${verdict.reason})`);
  }
}

function checkEntry(row: SourceEntry, index: number): void {
  const at = `entry ${index}`;
  if (!equalBytes(leafHash(sm3, row.data), row.leafSm3)) {
    throw new Failure(`${at}: its bytes do not hash to the stored SM3 leaf hash (the entry or its hash was edited)`, index);
  }
  if (!equalBytes(leafHash(sha256, row.data), row.leafSha256)) {
    throw new Failure(`${at}: its bytes do not hash to the stored SHA-256 leaf hash (the entry or its hash was edited)`, index);
  }
  const decoded = decodeEntry(row.data);
  if (!decoded.ok) throw new Failure(`${at}: its bytes are not a valid log entry (${decoded.reason})`, index);
  const entry = decoded.entry;
  if (entry.index !== index) throw new Failure(`${at}: its bytes were logged as entry ${entry.index} (entries were moved or reordered)`, index);
  const differing = differingColumns(row.recorded, entry);
  if (differing.length > 0) throw new Failure(`${at}: the audit columns ${differing.join(', ')} differ from the logged bytes (a column was edited)`, index);
}

function differingColumns(recorded: SourceEntry['recorded'], entry: LogEntryV1): string[] {
  const differing: string[] = [];
  if (new Date(recorded.at).getTime() !== Date.parse(entry.at)) differing.push('at');
  for (const column of ['actorId', 'actorName', 'action', 'target', 'outcome', 'ip'] as const) {
    if (recorded[column] !== entry[column]) differing.push(column);
  }
  if (canonicalJson(recorded.detail) !== canonicalJson(entry.detail)) differing.push('detail');
  return differing;
}

/** Reads the log straight from a database (embedded data directory or PostgreSQL). */
export function databaseLogSource(db: Executor, description: string): LogSource {
  const log = new LogService(db);
  return {
    description,
    headSize: () => log.headSize(),
    entries: async (from, limit) => (await log.entries(from, limit)).map((e) => ({ index: e.index, data: e.leaf, leafSm3: e.leafSm3, leafSha256: e.leafSha256, recorded: e.recorded })),
    checkpoints: async (after, limit) =>
      (await log.checkpoints(after, limit)).map((c) => ({ treeSize: c.treeSize, rootSm3: c.rootSm3, rootSha256: c.rootSha256, timestamp: c.signedAt, note: c.note })),
    publicKey: async () =>
      (await db.selectFrom('platform.key').select('public_key').where('name', '=', CHECKPOINT_KEY_NAME).executeTakeFirst())?.public_key,
  };
}

/** An HTTP failure of the API source (not a finding about the log). */
export class LogSourceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LogSourceError';
  }
}

/** Reads the log through a running server's API; entries need an admin or supervisor API token. */
export function httpLogSource(baseUrl: string, token: string | undefined): LogSource {
  const root = baseUrl.replace(/\/+$/, '');
  const get = async <T>(path: string, authenticated: boolean): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(root + path, { headers: authenticated && token ? { authorization: `Bearer ${token}` } : {} });
    } catch (error) {
      throw new LogSourceError(`cannot reach ${root} (${error instanceof Error ? error.message : String(error)})`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = typeof body === 'object' && body && 'message' in body ? String(body.message) : response.statusText;
      throw new LogSourceError(`GET ${path} answered ${response.status}: ${message}`, response.status);
    }
    return body as T;
  };
  interface EntryJson {
    index: number;
    data: string;
    leafHashSm3: string;
    leafHashSha256: string;
    recorded: SourceEntry['recorded'];
  }
  interface CheckpointJson {
    treeSize: number;
    rootSm3: string;
    rootSha256: string;
    timestamp: string;
    note: string;
  }
  return {
    description: root,
    headSize: async () => undefined,
    entries: async (from, limit) =>
      (await get<{ items: EntryJson[] }>(`/api/log/entries?from=${from}&limit=${limit}`, true)).items.map((e) => ({
        index: e.index,
        data: fromBase64(e.data),
        leafSm3: fromHex(e.leafHashSm3),
        leafSha256: fromHex(e.leafHashSha256),
        recorded: e.recorded,
      })),
    checkpoints: async (after, limit) =>
      (await get<{ items: CheckpointJson[] }>(`/api/log/checkpoints?after=${after}&limit=${limit}`, false)).items.map((c) => ({
        treeSize: c.treeSize,
        rootSm3: fromHex(c.rootSm3),
        rootSha256: fromHex(c.rootSha256),
        timestamp: c.timestamp,
        note: c.note,
      })),
    publicKey: async () => {
      try {
        return (await get<{ publicKey: string }>('/api/log/key', false)).publicKey;
      } catch (error) {
        if (error instanceof LogSourceError && error.status === 404) return undefined;
        throw error;
      }
    },
    consistencyProof: async (from, to) =>
      (await get<{ proof: string[] }>(`/api/log/proofs/consistency?from=${from}&to=${to}&hash=sm3`, false)).proof.map(fromHex),
  };
}
