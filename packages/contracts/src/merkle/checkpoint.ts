import { fromBase64, toBase64 } from './encoding.js';
import type { HashFn } from './merkle.js';

/**
 * A checkpoint: the log's signed statement "my first `size` entries have these roots". Written
 * as a note in the style of C2SP signed-note / tlog-checkpoint — a text body, a blank line, then
 * one signature line per signer — so a person can read it and any program can check it:
 *
 *   ggzy/log                                       origin: which log
 *   1234                                           tree size
 *   <Base64 SM3 root>                              root of the SM3 tree (the primary variant)
 *   sha256 <Base64 SHA-256 root>                   extension line: the SHA-256 variant's root
 *   timestamp 2026-11-27T09:31:53.123Z             extension line: when it was signed (UTC)
 *
 *   — ggzy/log <Base64(key hash[4] ‖ DER signature)>
 *
 * The signature is SM2 with the GM/T 0009 default user ID over the body's bytes (everything up to
 * and including the newline before the blank line); the key hash is the first 4 bytes of
 * SM3(key name ‖ 0x0A ‖ "SM2" ‖ public key) and says which key signed. The body is ASCII, so
 * its bytes are its character codes.
 */
export interface CheckpointBody {
  origin: string;
  size: number;
  rootSm3: Uint8Array;
  rootSha256: Uint8Array;
  /** ISO 8601 in UTC with milliseconds, as Date#toISOString() writes it. */
  timestamp: string;
}

export interface NoteSignature {
  keyName: string;
  keyHash: Uint8Array;
  signature: Uint8Array;
}

const ORIGIN = /^[\x21-\x2a\x2c-\x7e]+$/; // printable ASCII without space and '+', as C2SP asks
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SIGNATURE_LINE = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/;

export function formatCheckpointBody(body: CheckpointBody): string {
  if (!ORIGIN.test(body.origin)) throw new TypeError(`Bad checkpoint origin: ${body.origin}`);
  if (!Number.isSafeInteger(body.size) || body.size < 0) throw new TypeError(`Bad tree size: ${body.size}`);
  if (!TIMESTAMP.test(body.timestamp)) throw new TypeError(`Bad checkpoint timestamp: ${body.timestamp}`);
  return `${body.origin}\n${body.size}\n${toBase64(body.rootSm3)}\nsha256 ${toBase64(body.rootSha256)}\ntimestamp ${body.timestamp}\n`;
}

/** The body's bytes, which the signature covers (the body is ASCII). */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code > 0x7e) throw new TypeError('Not ASCII');
    out[i] = code;
  }
  return out;
}

export function formatSignatureLine(signature: NoteSignature): string {
  const blob = new Uint8Array(signature.keyHash.length + signature.signature.length);
  blob.set(signature.keyHash, 0);
  blob.set(signature.signature, signature.keyHash.length);
  return `\u2014 ${signature.keyName} ${toBase64(blob)}\n`;
}

/** SM3(key name ‖ 0x0A ‖ "SM2" ‖ public key)[0:4]: names the signing key in a signature line. */
export function checkpointKeyHash(sm3: HashFn, keyName: string, publicKey: Uint8Array): Uint8Array {
  const prefix = asciiBytes(`${keyName}\nSM2`);
  const input = new Uint8Array(prefix.length + publicKey.length);
  input.set(prefix, 0);
  input.set(publicKey, prefix.length);
  return Uint8Array.from(sm3(input).subarray(0, 4));
}

export type ParsedCheckpoint =
  | { ok: true; body: CheckpointBody; bodyText: string; signatures: NoteSignature[] }
  | { ok: false; reason: string };

/** Splits a signed checkpoint note into its body (parsed and as signed text) and its signature lines. */
export function parseCheckpointNote(note: string): ParsedCheckpoint {
  const split = note.indexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return { ok: false, reason: 'not a signed note (no blank line before the signatures)' };
  const bodyText = note.slice(0, split + 1);
  const lines = bodyText.slice(0, -1).split('\n');
  const [origin, sizeText, sm3Text, sha256Line, timestampLine] = lines;
  if (lines.length !== 5 || origin === undefined || !ORIGIN.test(origin)) return { ok: false, reason: 'the note body does not have the 5 lines of a checkpoint' };
  if (!sizeText || !/^(0|[1-9]\d*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) return { ok: false, reason: 'bad tree size line' };
  if (!sha256Line?.startsWith('sha256 ') || !timestampLine?.startsWith('timestamp ')) return { ok: false, reason: 'missing sha256 or timestamp line' };
  const timestamp = timestampLine.slice('timestamp '.length);
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'bad timestamp line' };
  let rootSm3: Uint8Array;
  let rootSha256: Uint8Array;
  try {
    rootSm3 = fromBase64(sm3Text ?? '');
    rootSha256 = fromBase64(sha256Line.slice('sha256 '.length));
  } catch {
    return { ok: false, reason: 'a root is not Base64' };
  }
  const signatures: NoteSignature[] = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = SIGNATURE_LINE.exec(line);
    if (!match?.[1] || !match[2]) return { ok: false, reason: 'bad signature line' };
    let blob: Uint8Array;
    try {
      blob = fromBase64(match[2]);
    } catch {
      return { ok: false, reason: 'a signature is not Base64' };
    }
    if (blob.length <= 4) return { ok: false, reason: 'a signature is too short' };
    signatures.push({ keyName: match[1], keyHash: blob.slice(0, 4), signature: blob.slice(4) });
  }
  if (signatures.length === 0) return { ok: false, reason: 'the note is not signed' };
  return { ok: true, body: { origin, size: Number(sizeText), rootSm3, rootSha256, timestamp }, bodyText, signatures };
}
