import { toBase64 } from '../merkle/encoding.js';

/**
 * A small, strict DER (ITU-T X.690) reader and writer: enough ASN.1 for GM/T 0009 signatures
 * and ciphertexts, SubjectPublicKeyInfo/PKCS#8 keys (also encrypted, PBES2), and the X.509
 * certificates, PKCS#10 requests and CRLs of the certificate module.
 *
 * Pure TypeScript without Node or DOM imports (no Buffer, no atob): the server's certificate
 * module and the browser (key generation, CSR, PKCS#8 files, certificate sign-in) share it.
 *
 * The reader accepts DER only: definite lengths in their shortest form, low tag numbers, no
 * trailing bytes. Each node keeps the exact bytes it was read from, so a signature is always
 * checked over the bytes that were signed, never over a re-encoding.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export class DerError extends Error {
  constructor(message: string) {
    super(`DER: ${message}`);
    this.name = 'DerError';
  }
}

export interface DerNode {
  /** The identifier octet (class, constructed bit and tag number < 31). */
  tag: number;
  constructed: boolean;
  /** The whole TLV as it appeared in the input. */
  bytes: Uint8Array;
  /** The contents octets. */
  value: Uint8Array;
  /** Parsed contents of a constructed node. */
  children: DerNode[];
}

const MAX_DEPTH = 32;

/** Parses exactly one DER element that spans all of `input`. */
export function parseDer(input: Uint8Array): DerNode {
  const [node, end] = readNode(input, 0, 0);
  if (end !== input.length) throw new DerError(`${input.length - end} trailing byte(s) after the element`);
  return node;
}

function readNode(input: Uint8Array, offset: number, depth: number): [DerNode, number] {
  if (depth > MAX_DEPTH) throw new DerError('nested too deeply');
  const tag = input[offset];
  if (tag === undefined) throw new DerError('unexpected end of input');
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  let cursor = offset + 1;
  const first = input[cursor];
  if (first === undefined) throw new DerError('missing length');
  cursor += 1;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const count = first & 0x7f;
    if (count === 0) throw new DerError('indefinite length is not DER');
    if (count > 4) throw new DerError('length too large');
    length = 0;
    for (let i = 0; i < count; i += 1) {
      const byte = input[cursor + i];
      if (byte === undefined) throw new DerError('truncated length');
      if (i === 0 && byte === 0) throw new DerError('length not in shortest form');
      length = length * 256 + byte;
    }
    if (length < 0x80) throw new DerError('length not in shortest form');
    cursor += count;
  }
  const end = cursor + length;
  if (end > input.length) throw new DerError('element runs past the end of input');
  const constructed = (tag & 0x20) !== 0;
  const value = input.subarray(cursor, end);
  const nested: DerNode[] = [];
  if (constructed) {
    let inner = cursor;
    while (inner < end) {
      const [child, next] = readNode(input.subarray(0, end), inner, depth + 1);
      nested.push(child);
      inner = next;
    }
  }
  return [{ tag, constructed, bytes: input.subarray(offset, end), value, children: nested }, end];
}

// ---------------------------------------------------------------------------------------------
// Reading helpers: each checks the tag and the DER rules of its type.

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) throw new DerError(`${what} is missing`);
  if (node.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`);
  return node;
}

export function children(node: DerNode | undefined, tag: number, what: string): DerNode[] {
  return expectTag(node, tag, what).children;
}

/** Context-specific tag `[n]`, constructed (EXPLICIT or IMPLICIT SEQUENCE) or primitive. */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** The contents of an INTEGER, checked for minimal encoding. */
export function integerBytes(node: DerNode | undefined, what: string): Uint8Array {
  const value = expectTag(node, TAG.INTEGER, what).value;
  checkMinimalInteger(value, what);
  return value;
}

function checkMinimalInteger(value: Uint8Array, what: string): void {
  if (value.length === 0) throw new DerError(`${what}: empty INTEGER`);
  const [a, b] = [value[0] ?? 0, value[1]];
  if (b !== undefined && ((a === 0x00 && b < 0x80) || (a === 0xff && b >= 0x80))) {
    throw new DerError(`${what}: INTEGER not in shortest form`);
  }
}

export function readInteger(node: DerNode | undefined, what: string): bigint {
  const value = integerBytes(node, what);
  let result = 0n;
  for (const byte of value) result = (result << 8n) | BigInt(byte);
  if ((value[0] ?? 0) & 0x80) result -= 1n << BigInt(value.length * 8);
  return result;
}

/** A non-negative INTEGER that fits a JavaScript number (versions, path lengths). */
export function readSmallInteger(node: DerNode | undefined, what: string): number {
  const value = readInteger(node, what);
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw new DerError(`${what}: out of range`);
  return Number(value);
}

export function readEnumerated(node: DerNode | undefined, what: string): number {
  const value = expectTag(node, TAG.ENUMERATED, what).value;
  checkMinimalInteger(value, what);
  let result = 0;
  for (const byte of value) result = result * 256 + byte;
  return result;
}

export function readBoolean(node: DerNode | undefined, what: string): boolean {
  const value = expectTag(node, TAG.BOOLEAN, what).value;
  if (value.length !== 1 || (value[0] !== 0x00 && value[0] !== 0xff)) throw new DerError(`${what}: BOOLEAN must be 00 or FF`);
  return value[0] === 0xff;
}

export function readOid(node: DerNode | undefined, what: string): string {
  const value = expectTag(node, TAG.OID, what).value;
  if (value.length === 0) throw new DerError(`${what}: empty OID`);
  const arcs: bigint[] = [];
  let current = 0n;
  let fresh = true;
  for (const byte of value) {
    if (fresh && byte === 0x80) throw new DerError(`${what}: OID arc not in shortest form`);
    current = (current << 7n) | BigInt(byte & 0x7f);
    fresh = (byte & 0x80) === 0;
    if (fresh) {
      arcs.push(current);
      current = 0n;
    }
  }
  if (!fresh) throw new DerError(`${what}: truncated OID`);
  const [head, ...rest] = arcs;
  if (head === undefined) throw new DerError(`${what}: empty OID`);
  const first = head < 40n ? 0n : head < 80n ? 1n : 2n;
  return [first, head - first * 40n, ...rest].join('.');
}

export function readBitString(node: DerNode | undefined, what: string): { bytes: Uint8Array; unusedBits: number } {
  const value = expectTag(node, TAG.BIT_STRING, what).value;
  const unusedBits = value[0];
  if (unusedBits === undefined || unusedBits > 7) throw new DerError(`${what}: bad BIT STRING`);
  const bytes = value.subarray(1);
  if (bytes.length === 0 && unusedBits !== 0) throw new DerError(`${what}: bad BIT STRING`);
  const last = bytes[bytes.length - 1];
  if (last !== undefined && unusedBits > 0 && (last & ((1 << unusedBits) - 1)) !== 0) {
    throw new DerError(`${what}: unused bits of a BIT STRING must be zero`);
  }
  return { bytes, unusedBits };
}

/** A BIT STRING that carries whole octets (keys, signatures). */
export function readOctetAlignedBitString(node: DerNode | undefined, what: string): Uint8Array {
  const { bytes, unusedBits } = readBitString(node, what);
  if (unusedBits !== 0) throw new DerError(`${what}: expected whole octets`);
  return bytes;
}

export function readOctetString(node: DerNode | undefined, what: string): Uint8Array {
  return expectTag(node, TAG.OCTET_STRING, what).value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** A DirectoryString or other character string as text. */
export function readString(node: DerNode | undefined, what: string): string {
  if (!node) throw new DerError(`${what} is missing`);
  switch (node.tag) {
    case TAG.UTF8_STRING:
      try {
        return utf8.decode(node.value);
      } catch {
        throw new DerError(`${what}: invalid UTF-8`);
      }
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.T61_STRING:
      return latin1.decode(node.value);
    case TAG.BMP_STRING: {
      if (node.value.length % 2 !== 0) throw new DerError(`${what}: odd BMPString`);
      let text = '';
      for (let i = 0; i < node.value.length; i += 2) text += String.fromCharCode(((node.value[i] ?? 0) << 8) | (node.value[i + 1] ?? 0));
      return text;
    }
    default:
      throw new DerError(`${what}: unsupported string type 0x${node.tag.toString(16)}`);
  }
}

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ), as RFC 5280 §4.1.2.5 requires. */
export function readTime(node: DerNode | undefined, what: string): Date {
  if (!node) throw new DerError(`${what} is missing`);
  const text = latin1.decode(node.value);
  let match: RegExpExecArray | null;
  let year: number;
  if (node.tag === TAG.UTC_TIME) {
    match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new DerError(`${what}: bad UTCTime "${text}"`);
    const yy = Number(match[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (node.tag === TAG.GENERALIZED_TIME) {
    match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new DerError(`${what}: bad GeneralizedTime "${text}"`);
    year = Number(match[1]);
  } else {
    throw new DerError(`${what}: expected a time`);
  }
  const [month, day, hour, minute, second] = match.slice(2).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new DerError(`${what}: invalid date "${text}"`);
  }
  return date;
}

// ---------------------------------------------------------------------------------------------
// Writing: each function returns a complete TLV.

export function tlv(tag: number, value: Uint8Array): Uint8Array {
  const length = value.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const octets: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
    header = [tag, 0x80 | octets.length, ...octets];
  }
  const out = new Uint8Array(header.length + length);
  out.set(header, 0);
  out.set(value, header.length);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const sequence = (...items: Uint8Array[]) => tlv(TAG.SEQUENCE, concat(items));

/** SET OF: DER orders the encoded elements. */
export function setOf(...items: Uint8Array[]): Uint8Array {
  const sorted = items.toSorted(compareBytes);
  return tlv(TAG.SET, concat(sorted));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

/** [n] EXPLICIT: the inner TLV wrapped in a constructed context tag. */
export const explicit = (n: number, inner: Uint8Array) => tlv(contextTag(n, true), inner);
/** [n] IMPLICIT: the contents with the context tag in place of the universal one. */
export const implicit = (n: number, constructed: boolean, contents: Uint8Array) => tlv(contextTag(n, constructed), contents);

/** INTEGER from a bigint (two's complement, shortest form). */
export function integer(value: bigint | number): Uint8Array {
  const n = BigInt(value);
  let length = 1;
  while (n < -(1n << BigInt(8 * length - 1)) || n >= 1n << BigInt(8 * length - 1)) length += 1;
  let unsigned = n < 0n ? n + (1n << BigInt(8 * length)) : n;
  const bytes = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i -= 1) {
    bytes[i] = Number(unsigned & 0xffn);
    unsigned >>= 8n;
  }
  return tlv(TAG.INTEGER, bytes);
}

/** INTEGER from unsigned big-endian bytes (serial numbers, r and s). */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const trimmed = bytes.subarray(start);
  if (trimmed.length === 0) return tlv(TAG.INTEGER, Uint8Array.of(0));
  return (trimmed[0] ?? 0) & 0x80 ? tlv(TAG.INTEGER, concat([Uint8Array.of(0), trimmed])) : tlv(TAG.INTEGER, trimmed);
}

export const enumerated = (value: number) => tlv(TAG.ENUMERATED, integer(value).subarray(2));
export const boolean = (value: boolean) => tlv(TAG.BOOLEAN, Uint8Array.of(value ? 0xff : 0x00));
export const nullValue = () => tlv(TAG.NULL, new Uint8Array(0));
export const octetString = (bytes: Uint8Array) => tlv(TAG.OCTET_STRING, bytes);
export const bitString = (bytes: Uint8Array, unusedBits = 0) => tlv(TAG.BIT_STRING, concat([Uint8Array.of(unusedBits), bytes]));
export const utf8String = (text: string) => tlv(TAG.UTF8_STRING, new TextEncoder().encode(text));

export function printableString(text: string): Uint8Array {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) throw new DerError(`"${text}" is not a PrintableString`);
  return tlv(TAG.PRINTABLE_STRING, new TextEncoder().encode(text));
}

export function ia5String(text: string): Uint8Array {
  // oxlint-disable-next-line no-control-regex
  if (!/^[\u0000-\u007f]*$/.test(text)) throw new DerError(`"${text}" is not an IA5String`);
  return tlv(TAG.IA5_STRING, new TextEncoder().encode(text));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new DerError(`bad OID "${dotted}"`);
    return BigInt(a);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2n || (first < 2n && second > 39n)) throw new DerError(`bad OID "${dotted}"`);
  const bytes: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let rest2 = arc >> 7n; rest2 > 0n; rest2 >>= 7n) group.unshift(Number(rest2 & 0x7fn) | 0x80);
    bytes.push(...group);
  }
  return tlv(TAG.OID, Uint8Array.from(bytes));
}

/** RFC 5280: UTCTime for dates through 2049, GeneralizedTime from 2050; whole seconds, UTC. */
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function time(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return tlv(TAG.UTC_TIME, new TextEncoder().encode(pad(year % 100) + rest));
  return tlv(TAG.GENERALIZED_TIME, new TextEncoder().encode(pad(year, 4) + rest));
}

// ---------------------------------------------------------------------------------------------
// PEM and hex.

export function toPem(label: string, der: Uint8Array): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** All PEM blocks with the given label, in order. */
export function fromPemAll(text: string, label: string): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*?)-----END ${label}-----`, 'g');
  for (const match of text.matchAll(pattern)) blocks.push(decodeBase64Lenient(match[1] ?? ''));
  return blocks;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Base64 as PEM bodies are written in the wild: whitespace anywhere, padding optional, decoding
 * stops at the first '='; other characters are skipped (as Node's Buffer does).
 */
export function decodeBase64Lenient(text: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    if (char === '=') break;
    const index = BASE64_ALPHABET.indexOf(char);
    if (index < 0) continue;
    value = ((value << 6) | index) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(text: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new DerError('not a hex string');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}
