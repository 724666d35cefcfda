import { randomBytes } from 'node:crypto';
import { leafHash } from '@ggzy/contracts';
import type { AuditEntry } from '../audit/audit.js';
import { canonicalJson } from '../idempotency/canonical-json.js';
import { sha256, sm3 } from './hashes.js';

/**
 * What one log entry says: an audited event — who, what, when, from which address, and the
 * outcome — at its position in the log. Its bytes are fixed for the life of the log:
 *
 *   canonical JSON (keys sorted by UTF-16 code units, no whitespace; for this shape the same
 *   text as RFC 8785) of { v: 1, index, at, actorId, actorName, action, target, outcome, ip,
 *   detail, nonce }, in UTF-8.
 *
 * - `index` is the entry's own position, so a row moved to another position (reordered, or
 *   renumbered after a deletion) is caught by looking at that row alone.
 * - `nonce` is 16 random bytes (hex). Leaf hashes and proofs are public; without the nonce, a
 *   guess at an entry's content (user X signed in at minute T from address Y) could be confirmed
 *   by hashing the guess. With it, a leaf hash says nothing about the content.
 * - `at` is ISO 8601 UTC with milliseconds.
 */
/** An event to log: the audit entry shape (who, what, when, where from, outcome). */
export type LogEvent = AuditEntry;

export interface LogEntryV1 {
  v: 1;
  index: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  detail: Record<string, unknown>;
  nonce: string;
}

export interface EncodedEntry {
  entry: LogEntryV1;
  bytes: Buffer;
  leafSm3: Buffer;
  leafSha256: Buffer;
}

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** The entry at `index`, its canonical bytes and both leaf hashes. */
export function encodeEntry(index: number, event: LogEvent, nonce: string = newNonce()): EncodedEntry {
  const text = canonicalJson({
    v: 1,
    index,
    at: event.at.toISOString(),
    actorId: event.actorId,
    actorName: event.actorName,
    action: event.action,
    target: event.target,
    outcome: event.outcome,
    ip: event.ip,
    detail: event.detail ?? {},
    nonce,
  });
  const bytes = Buffer.from(text, 'utf8');
  // Parsed back from the canonical text, so `detail` is exactly what the bytes say (no undefined, no
  // Date objects); the text is canonical by construction, so only the fields are checked.
  const entry = checkFields(JSON.parse(text));
  if (!entry.ok) throw new TypeError(`Cannot log this event: ${entry.reason}`);
  return { entry: entry.entry, bytes, leafSm3: Buffer.from(leafHash(sm3, bytes)), leafSha256: Buffer.from(leafHash(sha256, bytes)) };
}

export type DecodedEntry = { ok: true; entry: LogEntryV1 } | { ok: false; reason: string };

const nullableString = (v: unknown): boolean => v === null || typeof v === 'string';

const FIELDS = ['action', 'actorId', 'actorName', 'at', 'detail', 'index', 'ip', 'nonce', 'outcome', 'target', 'v'];

/** Parses an entry's bytes, refusing anything that is not the canonical encoding of a v1 entry. */
export function decodeEntry(bytes: Uint8Array): DecodedEntry {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the bytes are not JSON' };
  }
  if (canonicalJson(value) !== text || !Buffer.from(text, 'utf8').equals(Buffer.from(bytes))) {
    return { ok: false, reason: 'the bytes are not in canonical form' };
  }
  return checkFields(value);
}

/** The parsed entry has exactly the fields of a v1 entry, each of its type. */
function checkFields(value: unknown): DecodedEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'the entry is not a JSON object' };
  const keys = Object.keys(value).toSorted();
  if (keys.join() !== FIELDS.join()) return { ok: false, reason: `the entry has the fields ${keys.join(', ')}` };
  const e = value as Record<string, unknown>;
  if (e.v !== 1) return { ok: false, reason: `unknown entry version ${String(e.v)}` };
  if (typeof e.index !== 'number' || !Number.isSafeInteger(e.index) || e.index < 0) return { ok: false, reason: 'bad index' };
  if (typeof e.at !== 'string' || Number.isNaN(Date.parse(e.at)) || new Date(e.at).toISOString() !== e.at) return { ok: false, reason: 'bad timestamp' };
  if (typeof e.action !== 'string' || !nullableString(e.actorId) || !nullableString(e.actorName) || !nullableString(e.target) || !nullableString(e.ip)) {
    return { ok: false, reason: 'bad actor, action, target or address' };
  }
  if (e.outcome !== 'success' && e.outcome !== 'failure') return { ok: false, reason: 'bad outcome' };
  if (typeof e.detail !== 'object' || e.detail === null || Array.isArray(e.detail)) return { ok: false, reason: 'bad detail' };
  if (typeof e.nonce !== 'string' || !/^[0-9a-f]{32}$/.test(e.nonce)) return { ok: false, reason: 'bad nonce' };
  return { ok: true, entry: value as LogEntryV1 };
}
