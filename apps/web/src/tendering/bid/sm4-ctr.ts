import { sm4 } from 'sm-crypto-v2';

/**
 * SM4 in CTR mode as OpenSSL (the server's node:crypto `sm4-ctr`) runs it: the 16-byte IV is the
 * first counter block, incremented as one 128-bit big-endian integer per block; ciphertext =
 * plaintext XOR SM4(counter blocks). WebCrypto has no SM4 and sm-crypto-v2 no CTR, so the key
 * stream is sm-crypto-v2's SM4-ECB over a batch of counter blocks. Encryption and decryption
 * are the same operation; `update` may be called with any lengths.
 */
const BATCH_BLOCKS = 4096; // 64 KiB of key stream per ECB call

export class Sm4Ctr {
  private readonly counter: Uint8Array;
  private stream: Uint8Array = new Uint8Array(0);
  private used = 0;

  constructor(
    private readonly key: Uint8Array,
    iv: Uint8Array,
  ) {
    if (key.length !== 16) throw new RangeError('An SM4 key is 16 bytes');
    if (iv.length !== 16) throw new RangeError('SM4-CTR needs a 16-byte IV');
    this.counter = Uint8Array.from(iv);
  }

  update(input: Uint8Array): Uint8Array {
    const out = new Uint8Array(input.length);
    let done = 0;
    while (done < input.length) {
      if (this.used === this.stream.length) this.refill(Math.min(BATCH_BLOCKS, Math.ceil((input.length - done) / 16)));
      const n = Math.min(input.length - done, this.stream.length - this.used);
      for (let i = 0; i < n; i += 1) out[done + i] = (input[done + i] ?? 0) ^ (this.stream[this.used + i] ?? 0);
      done += n;
      this.used += n;
    }
    return out;
  }

  private refill(blocks: number): void {
    const counters = new Uint8Array(blocks * 16);
    for (let b = 0; b < blocks; b += 1) {
      counters.set(this.counter, b * 16);
      for (let i = 15; i >= 0; i -= 1) {
        const next = ((this.counter[i] ?? 0) + 1) & 0xff;
        this.counter[i] = next;
        if (next !== 0) break;
      }
    }
    this.stream = sm4.encrypt(counters, this.key, { mode: 'ecb', padding: 'none', output: 'array' });
    this.used = 0;
  }
}
