import {
  asciiBytes,
  checkpointKeyHash,
  equalBytes,
  fromBase64,
  fromHex,
  leafHash,
  parseCheckpointNote,
  toHex,
  verifyInclusion,
  type HashFn,
} from '@ggzy/contracts';
import { sm2, sm3 } from 'sm-crypto-v2';
import type { AuditEvent, Checkpoint, InclusionProof, LogEntry, LogKey } from '../api/types';
import { hexToBytes } from './encoding';
import { SM2_DEFAULT_USER_ID } from './keys';

/**
 * Checks in the browser that an audit-trail row is entry `id` of the transparency log and that
 * the log's signed checkpoint covers it — with the RFC 9162 proof functions of @ggzy/contracts
 * and SM3/SM2 from sm-crypto-v2, so nothing depends on the server's word but the bytes it sent:
 *
 * 1. entry: SM3(0x00 ‖ entry bytes) is the leaf hash, and the bytes say what the row says;
 * 2. signature: the checkpoint note is signed (SM2, GM/T 0009 default ID) by the log key;
 * 3. checkpoint: the note's tree size and SM3 root are those of the proof request;
 * 4. inclusion: the audit path leads from the leaf to the signed root.
 */
export const sm3Hash: HashFn = (data) => hexToBytes(sm3(data));

export type CheckKey = 'entry' | 'content' | 'signature' | 'checkpoint' | 'inclusion';

export interface Check {
  key: CheckKey;
  ok: boolean;
  /** Why it failed (technical English, shown as detail). */
  reason?: string;
}

export interface EntryVerification {
  ok: boolean;
  checks: Check[];
  index: number;
  treeSize: number;
  /** Hex SM3 root of the signed checkpoint. */
  rootSm3: string;
  timestamp: string;
  keyName: string;
}

export interface VerificationInput {
  event: AuditEvent;
  entry: LogEntry;
  checkpoint: Checkpoint;
  key: LogKey;
  proof: InclusionProof;
}

/** SM2 verification of a DER signature with the default ID; false for anything malformed. */
export function verifySm2Der(message: Uint8Array, derSignature: Uint8Array, publicKeyHex: string): boolean {
  try {
    return sm2.doVerifySignature(message, toHex(derSignature), publicKeyHex, { der: true, hash: true, userId: SM2_DEFAULT_USER_ID });
  } catch {
    return false;
  }
}

function contentProblem(event: AuditEvent, bytes: Uint8Array, index: number): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return 'the entry bytes are not UTF-8 JSON';
  }
  if (typeof parsed !== 'object' || parsed === null) return 'the entry is not a JSON object';
  const entry = parsed as Record<string, unknown>;
  if (entry.index !== index) return `the entry says it is number ${String(entry.index)}, not ${index}`;
  for (const field of ['actorId', 'actorName', 'action', 'target', 'outcome', 'ip'] as const) {
    if ((entry[field] ?? null) !== event[field])
      return `${field} differs: the log says ${JSON.stringify(entry[field])}, the audit trail ${JSON.stringify(event[field])}`;
  }
  if (typeof entry.at !== 'string' || Date.parse(entry.at) !== Date.parse(event.at)) return 'the time differs from the audit trail';
  return undefined;
}

export function verifyEntry(input: VerificationInput, hash: HashFn = sm3Hash): EntryVerification {
  const { event, entry, checkpoint, key, proof } = input;
  const index = Number(event.id);
  const checks: Check[] = [];
  const fail = (checkKey: CheckKey, reason: string) => checks.push({ key: checkKey, ok: false, reason });
  const pass = (checkKey: CheckKey) => checks.push({ key: checkKey, ok: true });

  // 1. The entry's bytes hash to the leaf the proof starts from.
  let bytes: Uint8Array | undefined;
  try {
    bytes = fromBase64(entry.data);
  } catch {
    fail('entry', 'the entry data is not Base64');
  }
  const leaf = bytes === undefined ? undefined : leafHash(hash, bytes);
  if (leaf !== undefined && bytes !== undefined) {
    if (entry.index !== index || proof.index !== index)
      fail('entry', `asked for entry ${index}, got entry ${entry.index} and a proof for ${proof.index}`);
    else if (toHex(leaf) !== entry.leafHashSm3.toLowerCase()) fail('entry', 'SM3(0x00 ‖ entry) is not the leaf hash the log reports');
    else if (toHex(leaf) !== proof.leafHash.toLowerCase()) fail('entry', 'the proof is for another leaf');
    else pass('entry');
    const problem = contentProblem(event, bytes, index);
    if (problem === undefined) pass('content');
    else fail('content', problem);
  }

  // 2–4. The checkpoint is signed by the log key, says what the proof says, and the path leads to its root.
  const tree = leaf === undefined ? checkpointChecks(checkpoint, key, proof, hash) : checkSignedInclusion({ index, leaf, checkpoint, key, proof }, hash);
  checks.push(...tree.checks);
  const { signedRoot, signedSize } = tree;

  const allChecks: CheckKey[] = ['entry', 'content', 'signature', 'checkpoint', 'inclusion'];
  for (const checkKey of allChecks)
    if (!checks.some((check) => check.key === checkKey)) fail(checkKey, 'not checked: an earlier step failed');
  checks.sort((a, b) => allChecks.indexOf(a.key) - allChecks.indexOf(b.key));
  return {
    ok: checks.every((check) => check.ok),
    checks,
    index,
    treeSize: signedSize >= 0 ? signedSize : checkpoint.treeSize,
    rootSm3: signedRoot === undefined ? checkpoint.rootSm3 : toHex(signedRoot),
    timestamp: checkpoint.timestamp,
    keyName: key.keyName,
  };
}

interface SignedTree {
  checks: Check[];
  signedRoot: Uint8Array | undefined;
  signedSize: number;
}

/** Steps 2–3: the checkpoint note is signed by the log key and says what the JSON and the proof say. */
function checkpointChecks(checkpoint: Checkpoint, key: LogKey, proof: InclusionProof, hash: HashFn): SignedTree {
  const checks: Check[] = [];
  const fail = (checkKey: CheckKey, reason: string) => checks.push({ key: checkKey, ok: false, reason });
  const note = parseCheckpointNote(checkpoint.note);
  let signedRoot: Uint8Array | undefined;
  let signedSize = -1;
  if (!note.ok) {
    fail('signature', note.reason);
  } else {
    signedRoot = note.body.rootSm3;
    signedSize = note.body.size;
    let publicKey: Uint8Array | undefined;
    try {
      publicKey = fromHex(key.publicKey);
    } catch {
      fail('signature', 'the log key is not hex');
    }
    if (publicKey !== undefined) {
      const expectedHash = checkpointKeyHash(hash, key.keyName, publicKey);
      const line = note.signatures.find((candidate) => candidate.keyName === key.keyName && equalBytes(candidate.keyHash, expectedHash));
      if (line === undefined) fail('signature', `no signature by ${key.keyName} with the published key`);
      else if (!verifySm2Der(asciiBytes(note.bodyText), line.signature, key.publicKey)) fail('signature', 'the SM2 signature does not verify');
      else checks.push({ key: 'signature', ok: true });
    }
  }
  if (signedRoot !== undefined) {
    if (signedSize !== checkpoint.treeSize || signedSize !== proof.treeSize)
      fail('checkpoint', `the note is for ${signedSize} entries, the proof for ${proof.treeSize}`);
    else if (toHex(signedRoot) !== checkpoint.rootSm3.toLowerCase()) fail('checkpoint', 'the note root differs from the reported root');
    else checks.push({ key: 'checkpoint', ok: true });
  }
  return { checks, signedRoot, signedSize };
}

function checkSignedInclusion(input: { index: number; leaf: Uint8Array; checkpoint: Checkpoint; key: LogKey; proof: InclusionProof }, hash: HashFn): SignedTree {
  const tree = checkpointChecks(input.checkpoint, input.key, input.proof, hash);
  if (tree.signedRoot !== undefined) {
    let path: Uint8Array[] | undefined;
    try {
      path = input.proof.proof.map((node) => fromHex(node));
    } catch {
      tree.checks.push({ key: 'inclusion', ok: false, reason: 'a proof element is not hex' });
    }
    if (path !== undefined) {
      const verdict = verifyInclusion(hash, input.index, tree.signedSize, input.leaf, path, tree.signedRoot);
      tree.checks.push(verdict.ok ? { key: 'inclusion', ok: true } : { key: 'inclusion', ok: false, reason: verdict.reason });
    }
  }
  return tree;
}

/**
 * Steps 2–4 for a leaf hash known from elsewhere (e.g. a bid receipt, whose entry bytes are not
 * public): checks with keys 'signature', 'checkpoint' and 'inclusion'.
 */
export function verifyCheckpointInclusion(
  input: { index: number; leaf: Uint8Array; checkpoint: Checkpoint; key: LogKey; proof: InclusionProof },
  hash: HashFn = sm3Hash,
): Check[] {
  return checkSignedInclusion(input, hash).checks;
}
