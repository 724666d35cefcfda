/**
 * Incremental SM3 (GB/T 32905-2016) and HMAC-SM3 for the browser. sm-crypto-v2 only hashes a
 * whole buffer at once; a bid file is sealed slice by slice (the page stays responsive and never
 * holds the plaintext twice), so its MAC and the chunks' digests need an `update`/`digest` hash.
 * Checked against sm-crypto-v2 and node:crypto in seal.spec.ts.
 */
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
const BLOCK = 64;

const rotl = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;
const p0 = (x: number) => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const p1 = (x: number) => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;
/** T_j rotated left by j mod 32, precomputed. */
const T = Array.from({ length: 64 }, (_, j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32));

export class Sm3 {
  private readonly v = Uint32Array.from(IV);
  private readonly w = new Uint32Array(68);
  private readonly buffer = new Uint8Array(BLOCK);
  private buffered = 0;
  private length = 0;

  update(data: Uint8Array): this {
    let offset = 0;
    this.length += data.length;
    if (this.buffered > 0) {
      const take = Math.min(BLOCK - this.buffered, data.length);
      this.buffer.set(data.subarray(0, take), this.buffered);
      this.buffered += take;
      offset = take;
      if (this.buffered < BLOCK) return this;
      this.compress(this.buffer, 0);
      this.buffered = 0;
    }
    for (; offset + BLOCK <= data.length; offset += BLOCK) this.compress(data, offset);
    this.buffer.set(data.subarray(offset), 0);
    this.buffered = data.length - offset;
    return this;
  }

  digest(): Uint8Array {
    const bits = this.length * 8;
    const tail = new Uint8Array((this.buffered < 56 ? BLOCK : 2 * BLOCK) - this.buffered);
    tail[0] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32), false);
    view.setUint32(tail.length - 4, bits >>> 0, false);
    this.update(tail);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i += 1) outView.setUint32(i * 4, this.v[i] ?? 0, false);
    return out;
  }

  private compress(block: Uint8Array, at: number): void {
    const w = this.w;
    for (let j = 0; j < 16; j += 1) {
      const o = at + j * 4;
      w[j] = (((block[o] ?? 0) << 24) | ((block[o + 1] ?? 0) << 16) | ((block[o + 2] ?? 0) << 8) | (block[o + 3] ?? 0)) >>> 0;
    }
    for (let j = 16; j < 68; j += 1) {
      w[j] = (p1((w[j - 16] ?? 0) ^ (w[j - 9] ?? 0) ^ rotl(w[j - 3] ?? 0, 15)) ^ rotl(w[j - 13] ?? 0, 7) ^ (w[j - 6] ?? 0)) >>> 0;
    }
    const v = this.v;
    let a = v[0] ?? 0;
    let b = v[1] ?? 0;
    let c = v[2] ?? 0;
    let d = v[3] ?? 0;
    let e = v[4] ?? 0;
    let f = v[5] ?? 0;
    let g = v[6] ?? 0;
    let h = v[7] ?? 0;
    for (let j = 0; j < 64; j += 1) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + (T[j] ?? 0)) >>> 0, 7);
      const ss2 = (ss1 ^ a12) >>> 0;
      const wj = w[j] ?? 0;
      const wj1 = (wj ^ (w[j + 4] ?? 0)) >>> 0;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = (ff + d + ss2 + wj1) >>> 0;
      const tt2 = (gg + h + ss1 + wj) >>> 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    v[0] = (v[0] ?? 0) ^ a;
    v[1] = (v[1] ?? 0) ^ b;
    v[2] = (v[2] ?? 0) ^ c;
    v[3] = (v[3] ?? 0) ^ d;
    v[4] = (v[4] ?? 0) ^ e;
    v[5] = (v[5] ?? 0) ^ f;
    v[6] = (v[6] ?? 0) ^ g;
    v[7] = (v[7] ?? 0) ^ h;
  }
}

export function sm3(data: Uint8Array): Uint8Array {
  return new Sm3().update(data).digest();
}

/** HMAC (RFC 2104) over SM3, incremental: `update` the message, then `digest`. */
export class HmacSm3 {
  private readonly inner = new Sm3();
  private readonly outerPad: Uint8Array;

  constructor(key: Uint8Array) {
    const block = new Uint8Array(BLOCK);
    block.set(key.length > BLOCK ? sm3(key) : key);
    const innerPad = block.map((byte) => byte ^ 0x36);
    this.outerPad = block.map((byte) => byte ^ 0x5c);
    this.inner.update(innerPad);
    block.fill(0);
  }

  update(data: Uint8Array): this {
    this.inner.update(data);
    return this;
  }

  digest(): Uint8Array {
    return new Sm3().update(this.outerPad).update(this.inner.digest()).digest();
  }
}

export function hmacSm3(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new HmacSm3(key).update(data).digest();
}
