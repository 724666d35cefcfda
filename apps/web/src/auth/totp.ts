/**
 * RFC 6238 TOTP in the browser (Web Crypto HMAC), used only to fill in the code of a demo
 * account whose authenticator secret the demo server publishes. SM3 is not in Web Crypto:
 * for an SM3 deployment the page shows the secret for an authenticator app instead.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_SECONDS = 30;
const DIGITS = 6;

const webCryptoHash: Readonly<Record<string, string>> = { SHA1: 'SHA-1', SHA256: 'SHA-256' };

export function base32Decode(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/[\s=]+/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`Not a base32 character: ${char}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** True when this browser can compute codes for the algorithm (Web Crypto needs a secure context). */
export function canComputeTotp(algorithm: string | undefined): boolean {
  return webCryptoHash[algorithm ?? 'SHA256'] !== undefined && globalThis.crypto?.subtle !== undefined;
}

export async function hotp(secret: Uint8Array<ArrayBuffer>, counter: number, algorithm = 'SHA256', digits = DIGITS): Promise<string> {
  const hash = webCryptoHash[algorithm];
  if (hash === undefined) throw new Error(`TOTP algorithm ${algorithm} is not available in this browser`);
  const message = new DataView(new ArrayBuffer(8));
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter >>> 0);
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message.buffer));
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = new DataView(mac.buffer).getUint32(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function totp(secretBase32: string, at: Date, algorithm = 'SHA256', digits = DIGITS): Promise<string> {
  return hotp(base32Decode(secretBase32), Math.floor(at.getTime() / 1000 / STEP_SECONDS), algorithm, digits);
}
