import { fromBase64, toBase64 } from '@ggzy/contracts';
import { decodeBase64Lenient, fromPemAll, hex } from '@ggzy/contracts/asn1';

/** Byte helpers for the browser crypto code (no Buffer, no atob). */
export { fromBase64, toBase64, hex };

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** The same bytes in a fresh ArrayBuffer-backed array, as Web Crypto's typings want. */
export function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

export function hexToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new TypeError('Not a hex string');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function base64UrlToBytes(text: string): Uint8Array {
  return decodeBase64Lenient(text.replace(/-/g, '+').replace(/_/g, '/'));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** The first PEM block with one of the labels, else null. */
export function firstPemBlock(text: string, labels: readonly string[]): { label: string; der: Uint8Array } | null {
  for (const label of labels) {
    const [der] = fromPemAll(text, label);
    if (der !== undefined) return { label, der };
  }
  return null;
}

/** A file's bytes: PEM text is returned as text, anything else as binary (DER). */
export function looksLikePem(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  return head.includes('-----BEGIN ');
}
