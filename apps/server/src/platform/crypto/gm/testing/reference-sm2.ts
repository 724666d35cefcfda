import { createHash, randomBytes } from 'node:crypto';

/**
 * A second, independent SM2 (GB/T 32918) written for tests only: plain BigInt arithmetic over
 * a short Weierstrass curve in Jacobian coordinates, straight from the standard's formulas.
 * It shares no code with the production layer (sm2.ts on sm-crypto-v2) except Node's SM3, which
 * has its own known-answer tests. Slow and not constant-time: never use it for real keys.
 */
export interface Curve {
  p: bigint;
  a: bigint;
  b: bigint;
  gx: bigint;
  gy: bigint;
  n: bigint;
}

export const SM2P256V1: Curve = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
};

const h = (v: string) => BigInt(`0x${v}`);

export function curveFromHex(c: { p: string; a: string; b: string; Gx: string; Gy: string; n: string }): Curve {
  return { p: h(c.p), a: h(c.a), b: h(c.b), gx: h(c.Gx), gy: h(c.Gy), n: h(c.n) };
}

export interface Affine {
  x: bigint;
  y: bigint;
}
interface Jacobian {
  X: bigint;
  Y: bigint;
  Z: bigint;
}

const INFINITY: Jacobian = { X: 1n, Y: 1n, Z: 0n };

const mod = (v: bigint, m: bigint) => ((v % m) + m) % m;

function pow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

/** Inverse modulo a prime (Fermat). */
const inv = (v: bigint, m: bigint) => pow(v, m - 2n, m);

function double(c: Curve, P: Jacobian): Jacobian {
  const { p } = c;
  if (P.Z === 0n || P.Y === 0n) return INFINITY;
  const XX = mod(P.X * P.X, p);
  const YY = mod(P.Y * P.Y, p);
  const ZZ = mod(P.Z * P.Z, p);
  const S = mod(4n * P.X * YY, p);
  const M = mod(3n * XX + c.a * ZZ * ZZ, p);
  const X3 = mod(M * M - 2n * S, p);
  const Y3 = mod(M * (S - X3) - 8n * YY * YY, p);
  const Z3 = mod(2n * P.Y * P.Z, p);
  return { X: X3, Y: Y3, Z: Z3 };
}

function add(c: Curve, P: Jacobian, Q: Jacobian): Jacobian {
  const { p } = c;
  if (P.Z === 0n) return Q;
  if (Q.Z === 0n) return P;
  const Z1Z1 = mod(P.Z * P.Z, p);
  const Z2Z2 = mod(Q.Z * Q.Z, p);
  const U1 = mod(P.X * Z2Z2, p);
  const U2 = mod(Q.X * Z1Z1, p);
  const S1 = mod(P.Y * Q.Z * Z2Z2, p);
  const S2 = mod(Q.Y * P.Z * Z1Z1, p);
  const H = mod(U2 - U1, p);
  const r = mod(S2 - S1, p);
  if (H === 0n) return r === 0n ? double(c, P) : INFINITY;
  const HH = mod(H * H, p);
  const HHH = mod(H * HH, p);
  const V = mod(U1 * HH, p);
  const X3 = mod(r * r - HHH - 2n * V, p);
  const Y3 = mod(r * (V - X3) - S1 * HHH, p);
  const Z3 = mod(P.Z * Q.Z * H, p);
  return { X: X3, Y: Y3, Z: Z3 };
}

function multiply(c: Curve, k: bigint, P: Jacobian): Jacobian {
  let result = INFINITY;
  for (let i = BigInt(k.toString(2).length) - 1n; i >= 0n; i -= 1n) {
    result = double(c, result);
    if ((k >> i) & 1n) result = add(c, result, P);
  }
  return result;
}

function toAffine(c: Curve, P: Jacobian): Affine | null {
  if (P.Z === 0n) return null;
  const zInv = inv(P.Z, c.p);
  const zInv2 = mod(zInv * zInv, c.p);
  return { x: mod(P.X * zInv2, c.p), y: mod(P.Y * zInv2 * zInv, c.p) };
}

const jacobian = (A: Affine): Jacobian => ({ X: A.x, Y: A.y, Z: 1n });
const G = (c: Curve): Jacobian => ({ X: c.gx, Y: c.gy, Z: 1n });

export function isOnCurve(c: Curve, A: Affine): boolean {
  return mod(A.y * A.y - (A.x * A.x * A.x + c.a * A.x + c.b), c.p) === 0n;
}

/** [k]G */
export function multiplyBase(c: Curve, k: bigint): Affine {
  const point = toAffine(c, multiply(c, mod(k, c.n), G(c)));
  if (!point) throw new Error('[k]G is the point at infinity');
  return point;
}

export function publicKeyOf(c: Curve, d: bigint): Affine {
  return multiplyBase(c, d);
}

const sm3 = (data: Uint8Array) => new Uint8Array(createHash('sm3').update(data).digest());
const bytes32 = (v: bigint) => Buffer.from(v.toString(16).padStart(64, '0'), 'hex');
const toBig = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);

/** Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA). */
export function za(c: Curve, id: Uint8Array, P: Affine): Uint8Array {
  const entl = id.length * 8;
  return sm3(Buffer.concat([Buffer.from([entl >> 8, entl & 0xff]), id, ...[c.a, c.b, c.gx, c.gy, P.x, P.y].map(bytes32)]));
}

export function digestE(c: Curve, id: Uint8Array, P: Affine, message: Uint8Array): bigint {
  return toBig(sm3(Buffer.concat([za(c, id, P), message])));
}

export function randomScalar(c: Curve): bigint {
  for (;;) {
    const k = toBig(randomBytes(32));
    if (k >= 1n && k <= c.n - 2n) return k;
  }
}

/** GB/T 32918.2 §6.1 with the nonce k given (A3); null when k must be re-drawn. */
export function sign(c: Curve, d: bigint, id: Uint8Array, message: Uint8Array, k: bigint): { r: bigint; s: bigint } | null {
  const P = publicKeyOf(c, d);
  const hash = digestE(c, id, P, message);
  const x1 = multiplyBase(c, k).x;
  const r = mod(hash + x1, c.n);
  if (r === 0n || r + k === c.n) return null;
  const s = mod(inv(1n + d, c.n) * (k - r * d), c.n);
  if (s === 0n) return null;
  return { r, s };
}

/** GB/T 32918.2 §7.1: t = (r + s) mod n, (x1, y1) = [s]G + [t]P_A, R = (e + x1) mod n, accept iff R = r. */
export function verify(c: Curve, P: Affine, id: Uint8Array, message: Uint8Array, r: bigint, s: bigint): boolean {
  if (r < 1n || r >= c.n || s < 1n || s >= c.n) return false;
  if (!isOnCurve(c, P)) return false;
  const hash = digestE(c, id, P, message);
  const t = mod(r + s, c.n);
  if (t === 0n) return false;
  const point = toAffine(c, add(c, multiply(c, s, G(c)), multiply(c, t, jacobian(P))));
  if (!point) return false;
  return mod(hash + point.x, c.n) === r;
}

/** SM3-based KDF of GB/T 32918.4 §5.4.3 (32-bit big-endian counter from 1). */
export function kdf(z: Uint8Array, length: number): Uint8Array {
  const out: Uint8Array[] = [];
  for (let counter = 1; out.length * 32 < length; counter += 1) {
    out.push(sm3(Buffer.concat([z, Buffer.from([counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff])])));
  }
  return Buffer.concat(out).subarray(0, length);
}

/** GB/T 32918.4 encryption with k given, output C1 (04‖x‖y) ‖ C3 ‖ C2. */
export function encrypt(c: Curve, P: Affine, message: Uint8Array, k: bigint): Uint8Array {
  const C1 = multiplyBase(c, k);
  const shared = toAffine(c, multiply(c, k, jacobian(P)));
  if (!shared) throw new Error('[k]P is the point at infinity');
  const x2 = bytes32(shared.x);
  const y2 = bytes32(shared.y);
  const t = kdf(Buffer.concat([x2, y2]), message.length);
  if (t.every((b) => b === 0)) throw new Error('KDF output is all zero: draw another k');
  const C2 = Buffer.from(message.map((m, i) => m ^ (t[i] ?? 0)));
  const C3 = sm3(Buffer.concat([x2, message, y2]));
  return Buffer.concat([Buffer.from([4]), bytes32(C1.x), bytes32(C1.y), C3, C2]);
}

export function decrypt(c: Curve, d: bigint, ciphertext: Uint8Array): Uint8Array {
  const C1 = { x: toBig(ciphertext.subarray(1, 33)), y: toBig(ciphertext.subarray(33, 65)) };
  if (ciphertext[0] !== 4 || !isOnCurve(c, C1)) throw new Error('bad C1');
  const C3 = ciphertext.subarray(65, 97);
  const C2 = ciphertext.subarray(97);
  const shared = toAffine(c, multiply(c, d, jacobian(C1)));
  if (!shared) throw new Error('[d]C1 is the point at infinity');
  const x2 = bytes32(shared.x);
  const y2 = bytes32(shared.y);
  const t = kdf(Buffer.concat([x2, y2]), C2.length);
  const message = Buffer.from(C2.map((m, i) => m ^ (t[i] ?? 0)));
  if (!Buffer.from(sm3(Buffer.concat([x2, message, y2]))).equals(Buffer.from(C3))) throw new Error('C3 check failed');
  return message;
}

export const pointHex = (P: Affine) => `04${P.x.toString(16).padStart(64, '0')}${P.y.toString(16).padStart(64, '0')}`;
export const pointFromHex = (text: string): Affine => ({ x: BigInt(`0x${text.slice(2, 66)}`), y: BigInt(`0x${text.slice(66, 130)}`) });
