import {
  children,
  DerError,
  integer,
  nullValue,
  octetString,
  oid,
  parseDer,
  readOctetString,
  readOid,
  readSmallInteger,
  sequence,
  TAG,
  toPem,
} from '@ggzy/contracts/asn1';
import { firstPemBlock, looksLikePem, ownBytes, utf8 } from './encoding';

/**
 * Passphrase-protected private key files: PKCS#8 EncryptedPrivateKeyInfo with PBES2 (RFC 8018)
 * — PBKDF2-HMAC-SHA256 and AES-256-CBC through Web Crypto — in PEM ("ENCRYPTED PRIVATE KEY"),
 * the format `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256` writes and
 * `openssl pkcs8 -in key.p8` reads. Reading also accepts the other PBES2 choices OpenSSL makes
 * (HMAC-SHA1/384/512, AES-128/192-CBC) and an unencrypted "PRIVATE KEY", so keys made by other
 * tools load too.
 */

const OIDS = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha256: '1.2.840.113549.2.9',
  hmacWithSha384: '1.2.840.113549.2.10',
  hmacWithSha512: '1.2.840.113549.2.11',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;

const PRF_HASH: Readonly<Record<string, string>> = {
  [OIDS.hmacWithSha1]: 'SHA-1',
  [OIDS.hmacWithSha256]: 'SHA-256',
  [OIDS.hmacWithSha384]: 'SHA-384',
  [OIDS.hmacWithSha512]: 'SHA-512',
};
const AES_KEY_BITS: Readonly<Record<string, number>> = { [OIDS.aes128Cbc]: 128, [OIDS.aes192Cbc]: 192, [OIDS.aes256Cbc]: 256 };

/** PBKDF2 iterations of the files we write (OWASP 2023 figure for PBKDF2-HMAC-SHA256; the issue asks ≥ 100 000). */
export const DEFAULT_ITERATIONS = 600_000;
/** Files with fewer iterations than this are refused as too weak to have been made by us or by a careful tool. */
const MIN_ITERATIONS = 1_000;
const MAX_ITERATIONS = 10_000_000;

export class KeyDecryptionError extends Error {
  constructor(
    readonly reason: 'format' | 'unsupported' | 'passphrase',
    message: string,
  ) {
    super(message);
    this.name = 'KeyDecryptionError';
  }
}

async function deriveAesKey(
  passphrase: string,
  salt: Uint8Array,
  iterations: number,
  hash: string,
  bits: number,
  usage: KeyUsage,
): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', utf8(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt: ownBytes(salt), iterations, hash },
    base,
    { name: 'AES-CBC', length: bits },
    false,
    [usage],
  );
}

/** Encrypts a PrivateKeyInfo; returns the EncryptedPrivateKeyInfo DER. */
export async function encryptPrivateKeyInfo(
  privateKeyInfo: Uint8Array,
  passphrase: string,
  iterations = DEFAULT_ITERATIONS,
): Promise<Uint8Array> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const key = await deriveAesKey(passphrase, salt, iterations, 'SHA-256', 256, 'encrypt');
  const encrypted = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, ownBytes(privateKeyInfo)));
  const pbkdf2Params = sequence(octetString(salt), integer(iterations), sequence(oid(OIDS.hmacWithSha256), nullValue()));
  const pbes2Params = sequence(sequence(oid(OIDS.pbkdf2), pbkdf2Params), sequence(oid(OIDS.aes256Cbc), octetString(iv)));
  return sequence(sequence(oid(OIDS.pbes2), pbes2Params), octetString(encrypted));
}

export async function encryptPrivateKeyInfoPem(
  privateKeyInfo: Uint8Array,
  passphrase: string,
  iterations = DEFAULT_ITERATIONS,
): Promise<string> {
  return toPem('ENCRYPTED PRIVATE KEY', await encryptPrivateKeyInfo(privateKeyInfo, passphrase, iterations));
}

/** Decrypts an EncryptedPrivateKeyInfo (DER) with PBES2/PBKDF2/AES-CBC; returns the PrivateKeyInfo DER. */
export async function decryptPrivateKeyInfo(der: Uint8Array, passphrase: string): Promise<Uint8Array> {
  let salt: Uint8Array;
  let iterations: number;
  let hash: string;
  let bits: number;
  let iv: Uint8Array;
  let encrypted: Uint8Array;
  try {
    const [algorithm, data] = children(parseDer(der), TAG.SEQUENCE, 'EncryptedPrivateKeyInfo');
    const [scheme, params] = children(algorithm, TAG.SEQUENCE, 'encryptionAlgorithm');
    if (readOid(scheme, 'encryptionAlgorithm') !== OIDS.pbes2)
      throw new KeyDecryptionError('unsupported', 'only PBES2 key files are supported');
    const [kdf, cipher] = children(params, TAG.SEQUENCE, 'PBES2-params');
    const [kdfOid, kdfParams] = children(kdf, TAG.SEQUENCE, 'keyDerivationFunc');
    if (readOid(kdfOid, 'keyDerivationFunc') !== OIDS.pbkdf2) throw new KeyDecryptionError('unsupported', 'only PBKDF2 is supported');
    const [saltNode, iterationNode, ...rest] = children(kdfParams, TAG.SEQUENCE, 'PBKDF2-params');
    salt = readOctetString(saltNode, 'salt');
    iterations = readSmallInteger(iterationNode, 'iterationCount');
    const prfNode = rest.find((node) => node.tag === TAG.SEQUENCE);
    const prfOid = prfNode === undefined ? OIDS.hmacWithSha1 : readOid(prfNode.children[0], 'prf');
    const prfHash = PRF_HASH[prfOid];
    if (prfHash === undefined) throw new KeyDecryptionError('unsupported', `PBKDF2 PRF ${prfOid} is not supported`);
    hash = prfHash;
    const [cipherOid, ivNode] = children(cipher, TAG.SEQUENCE, 'encryptionScheme');
    const cipherBits = AES_KEY_BITS[readOid(cipherOid, 'encryptionScheme')];
    if (cipherBits === undefined) throw new KeyDecryptionError('unsupported', 'only AES-CBC key files are supported');
    bits = cipherBits;
    iv = readOctetString(ivNode, 'iv');
    if (iv.length !== 16) throw new DerError('the AES-CBC IV is 16 bytes');
    encrypted = readOctetString(data, 'encryptedData');
  } catch (error) {
    if (error instanceof KeyDecryptionError) throw error;
    throw new KeyDecryptionError('format', error instanceof Error ? error.message : String(error));
  }
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new KeyDecryptionError('unsupported', `PBKDF2 iteration count ${iterations} is outside ${MIN_ITERATIONS}–${MAX_ITERATIONS}`);
  }
  const key = await deriveAesKey(passphrase, salt, iterations, hash, bits, 'decrypt');
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: ownBytes(iv) }, key, ownBytes(encrypted)));
  } catch {
    // Wrong padding after decryption: with overwhelming probability a wrong passphrase.
    throw new KeyDecryptionError('passphrase', 'wrong passphrase');
  }
  try {
    const node = parseDer(plain);
    if (node.tag !== TAG.SEQUENCE) throw new DerError('not a SEQUENCE');
  } catch {
    throw new KeyDecryptionError('passphrase', 'wrong passphrase');
  }
  return plain;
}

/**
 * A key file as the user picked it: PEM "ENCRYPTED PRIVATE KEY" (or DER of it) decrypted with the
 * passphrase, or an unencrypted PEM "PRIVATE KEY". Returns the PrivateKeyInfo DER.
 */
export async function readKeyFile(bytes: Uint8Array, passphrase: string): Promise<Uint8Array> {
  if (looksLikePem(bytes)) {
    const text = new TextDecoder().decode(bytes);
    const block = firstPemBlock(text, ['ENCRYPTED PRIVATE KEY', 'PRIVATE KEY']);
    if (block === null) throw new KeyDecryptionError('format', 'no ENCRYPTED PRIVATE KEY or PRIVATE KEY block');
    return block.label === 'PRIVATE KEY' ? block.der : decryptPrivateKeyInfo(block.der, passphrase);
  }
  return decryptPrivateKeyInfo(bytes, passphrase);
}
