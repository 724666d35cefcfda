import { describe, expect, it } from 'vitest';
import {
  asciiBytes,
  checkpointKeyHash,
  formatCheckpointBody,
  formatSignatureLine,
  leafHash,
  nodeHash,
  toBase64,
  toHex,
} from '@ggzy/contracts';
import { children, parseDer, readInteger, readOctetAlignedBitString, TAG, fromPemAll } from '@ggzy/contracts/asn1';
import { sm2 } from 'sm-crypto-v2';
import type { AuditEvent } from '../api/types';
import { parseCertificate } from './certificate';
import { createCsrPem } from './csr';
import { hexToBytes, utf8 } from './encoding';
import { fromPrivateKeyInfo, generateKeyPair, KeyFileError, signRaw, sm2VerifyRaw, toPrivateKeyInfo } from './keys';
import { decryptPrivateKeyInfo, encryptPrivateKeyInfoPem, KeyDecryptionError, readKeyFile } from './pkcs8';
import { sm3Hash, verifyEntry } from './transparency';

// Made with OpenSSL 3.0: `openssl genpkey -algorithm SM2`, then
// `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 2000 -passout pass:Test@pass1`.
const OPENSSL_SM2_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQg/jB43lG+nobkQ08M
CJpxhuP72Yuvv8LEVpoENcOzAZahRANCAATRKSFXZA6bpwQDk6kWJUUBFZplRWC7
XfigxIBYezlkXQFQupv5BYgyYv5Nc/UFTMn3fHBwdoaXZ3Rp6MvPiWQh
-----END PRIVATE KEY-----
`;
const OPENSSL_SM2_P8 = `-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAjRQL0twbBuBgICB9Aw
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEH7sqrH4En9sV2kbfpN5bsEEgZDb
3gjvR3J00J5jHmPGBdQtr3dHQfp23vGBC+H51xbpCkYukgB4wt1wacO7GoyahRi6
3jv9aw5OkDx5jQEUbMdVUr+abrzpfrfvrpl3VSlov5sYIaz0vTRCpY27xocGusOm
GQo+cbJh8cF7P5SKIwf0zOtWoW/7I9sV99Ip+B4bZ2kLcP6brMoCBXmt/yStkNE=
-----END ENCRYPTED PRIVATE KEY-----
`;
// `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`, then
// `openssl pkcs8 -topk8 -v2 aes-128-cbc -iter 1000 -passout pass:中文口令` (PRF HMAC-SHA256, OpenSSL's default).
const OPENSSL_P256_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5m6GvUZH0Qrnk14B
MS+sYmnaAIo8U3tlLVhYTkQejgmhRANCAARo/K89EcpkTLdwV8tYS2xDZhRwz+gy
wLVk+Q35Os0SercE/972+Q25o+B9Zy30aXC5IfXxBtgLJ+EUdDmeBjT3
-----END PRIVATE KEY-----
`;
const OPENSSL_P256_P8 = `-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAiHsiRORo5CqQICA+gw
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEAQIEEAYvhYCL6c9CeCnMbX/UECUEgZAn
XaoTkss17PJE27/Zm0xaechanPsxOPYkIcZMR58CQwjjitaQKj70nOEr7mWD2Y/1
YyyPkRg0rnrgLbsPFeub/X5k+YezK+KzMtU35H7xgvd8TRAEoY9ti4vulNFDYynM
Cpo+Onqn402uAnUJOb0Jz73hmUn8X7lGDbLhds09xJrGXlSrFbTzeAxeuGjDd9w=
-----END ENCRYPTED PRIVATE KEY-----
`;

const FAST = 1000;

/** Checks an r‖s signature with the public key: SM2 (default ID) or ECDSA P-256 (Web Crypto). */
async function verifyRaw(algorithm: 'SM2' | 'P-256', message: Uint8Array, signature: Uint8Array, point: Uint8Array): Promise<boolean> {
  if (algorithm === 'SM2') return sm2VerifyRaw(message, signature, point);
  const key = await crypto.subtle.importKey('raw', new Uint8Array(point), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, new Uint8Array(signature), new Uint8Array(message));
} // PBKDF2 iterations for tests; the app uses DEFAULT_ITERATIONS

function derToRaw(der: Uint8Array): Uint8Array {
  const [r, s] = children(parseDer(der), TAG.SEQUENCE, 'signature');
  const out = new Uint8Array(64);
  out.set(hexToBytes(readInteger(r, 'r').toString(16).padStart(64, '0')), 0);
  out.set(hexToBytes(readInteger(s, 's').toString(16).padStart(64, '0')), 32);
  return out;
}

function csrParts(pem: string) {
  const [der] = fromPemAll(pem, 'CERTIFICATE REQUEST');
  if (der === undefined) throw new Error('no CSR block');
  const [info, , signature] = children(parseDer(der), TAG.SEQUENCE, 'CertificationRequest');
  if (info === undefined) throw new Error('no info');
  return { info: info.bytes, signature: derToRaw(readOctetAlignedBitString(signature, 'signature')) };
}

describe('browser keys and certification requests', () => {
  it('makes an SM2 request signed with SM2-with-SM3 and the GM/T 0009 default ID', async () => {
    const key = await generateKeyPair('SM2');
    expect(key.publicPoint).toHaveLength(65);
    const pem = await createCsrPem(key, '测试用户');
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
    const { info, signature } = csrParts(pem);
    expect(sm2VerifyRaw(info, signature, key.publicPoint)).toBe(true);
    // sm-crypto's own verifier with the ID spelled out agrees.
    expect(sm2.doVerifySignature(info, toHex(signature), toHex(key.publicPoint), { hash: true, userId: '1234567812345678' })).toBe(true);
    // …and an empty ID (what OpenSSL-typed keys would use) does not.
    expect(sm2.doVerifySignature(info, toHex(signature), toHex(key.publicPoint), { hash: true, userId: '' })).toBe(false);
  });

  it('makes a P-256 request signed with ECDSA-SHA256', async () => {
    const key = await generateKeyPair('P-256');
    const { info, signature } = csrParts(await createCsrPem(key, 'user'));
    const publicKey = await crypto.subtle.importKey('raw', new Uint8Array(key.publicPoint), { name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'verify',
    ]);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, new Uint8Array(signature), new Uint8Array(info))).toBe(
      true,
    );
  });

  it.each(['SM2', 'P-256'] as const)('round-trips a %s key through an encrypted PKCS#8 file', async (algorithm) => {
    const key = await generateKeyPair(algorithm);
    const pem = await encryptPrivateKeyInfoPem(await toPrivateKeyInfo(key), 'Pass@word1', FAST);
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const restored = await fromPrivateKeyInfo(await readKeyFile(utf8(pem), 'Pass@word1'));
    expect(restored.algorithm).toBe(algorithm);
    expect(toHex(restored.publicPoint)).toBe(toHex(key.publicPoint));
    // The restored key signs for the same public key.
    const message = utf8('ggzy certificate login: abc');
    const signature = await signRaw(restored, message);
    expect(await verifyRaw(algorithm, message, signature, key.publicPoint)).toBe(true);
    await expect(readKeyFile(utf8(pem), 'wrong passphrase')).rejects.toMatchObject({ reason: 'passphrase' });
  });

  it('writes PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC', async () => {
    const key = await generateKeyPair('SM2');
    const pem = await encryptPrivateKeyInfoPem(await toPrivateKeyInfo(key), 'x', 123_456);
    const [der] = fromPemAll(pem, 'ENCRYPTED PRIVATE KEY');
    const text = toHex(der ?? new Uint8Array());
    expect(text).toContain('06092a864886f70d01050d'); // PBES2
    expect(text).toContain('06092a864886f70d01050c'); // PBKDF2
    expect(text).toContain('020301e240'); // 123456 iterations
    expect(text).toContain('06082a864886f70d0209'); // hmacWithSHA256
    expect(text).toContain('060960864801650304012a'); // aes256-CBC
  });

  it('reads key files OpenSSL encrypted (SM2 with AES-256, P-256 with AES-128 and a Chinese passphrase)', async () => {
    const sm2Key = await fromPrivateKeyInfo(await readKeyFile(utf8(OPENSSL_SM2_P8), 'Test@pass1'));
    const sm2Plain = await fromPrivateKeyInfo(await readKeyFile(utf8(OPENSSL_SM2_KEY), ''));
    expect(sm2Key.algorithm).toBe('SM2');
    expect(sm2Key.algorithm === 'SM2' && sm2Key.privateKey).toBe('fe3078de51be9e86e4434f0c089a7186e3fbd98bafbfc2c4569a0435c3b30196');
    expect(toHex(sm2Key.publicPoint)).toBe(toHex(sm2Plain.publicPoint));

    const p256Key = await fromPrivateKeyInfo(await readKeyFile(utf8(OPENSSL_P256_P8), '中文口令'));
    const p256Plain = await fromPrivateKeyInfo(await readKeyFile(utf8(OPENSSL_P256_KEY), ''));
    expect(p256Key.algorithm).toBe('P-256');
    expect(toHex(p256Key.publicPoint)).toBe(toHex(p256Plain.publicPoint));
    await expect(readKeyFile(utf8(OPENSSL_P256_P8), '中文口令2')).rejects.toBeInstanceOf(KeyDecryptionError);
  });

  it('refuses what is not a key file', async () => {
    await expect(readKeyFile(utf8('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'x')).rejects.toMatchObject({
      reason: 'format',
    });
    await expect(decryptPrivateKeyInfo(Uint8Array.of(0x30, 0x00), 'x')).rejects.toMatchObject({ reason: 'format' });
    await expect(fromPrivateKeyInfo(Uint8Array.of(0x30, 0x00))).rejects.toBeInstanceOf(KeyFileError);
  });

  it('reads the key and validity of a certificate', () => {
    expect(() => parseCertificate(Uint8Array.of(1, 2, 3))).toThrow(/DER/);
  });
});

describe('transparency log verification in the browser', () => {
  const logKey = sm2.generateKeyPairHex();
  const keyName = 'ggzy/log';
  const at = '2026-11-27T09:31:53.123Z';
  const event: AuditEvent = {
    id: '2',
    actorId: null,
    actorName: 'admin',
    action: 'identity.user.create',
    target: 'user:1',
    outcome: 'success',
    ip: '127.0.0.1',
    at,
  };
  const entryBytes = (index: number) =>
    utf8(
      JSON.stringify({
        action: event.action,
        actorId: null,
        actorName: 'admin',
        at,
        detail: {},
        index,
        ip: '127.0.0.1',
        nonce: '00',
        outcome: 'success',
        target: 'user:1',
        v: 1,
      }),
    );
  const leaves = [0, 1, 2].map((i) => leafHash(sm3Hash, entryBytes(i)));
  const [l0, l1, l2] = leaves as [Uint8Array, Uint8Array, Uint8Array];
  const left = nodeHash(sm3Hash, l0, l1);
  const root = nodeHash(sm3Hash, left, l2);

  function fixture(options: { signWith?: string; root?: Uint8Array } = {}) {
    const body = formatCheckpointBody({
      origin: keyName,
      size: 3,
      rootSm3: options.root ?? root,
      rootSha256: new Uint8Array(32),
      timestamp: at,
    });
    const signature = hexToBytes(
      sm2.doSignature(asciiBytes(body), options.signWith ?? logKey.privateKey, { hash: true, der: true, publicKey: logKey.publicKey }),
    );
    const keyHash = checkpointKeyHash(sm3Hash, keyName, hexToBytes(logKey.publicKey));
    const note = `${body}\n${formatSignatureLine({ keyName, keyHash, signature })}`;
    const checkpoint = { treeSize: 3, rootSm3: toHex(options.root ?? root), rootSha256: '00'.repeat(32), timestamp: at, note };
    return {
      event,
      entry: {
        index: 2,
        data: toBase64(entryBytes(2)),
        leafHashSm3: toHex(l2),
        leafHashSha256: '',
        recorded: {
          at,
          actorId: null,
          actorName: 'admin',
          action: event.action,
          target: 'user:1',
          outcome: 'success',
          ip: '127.0.0.1',
          detail: {},
        },
      },
      checkpoint,
      key: { algorithm: 'SM2' as const, keyName, publicKey: logKey.publicKey, keyHash: toHex(keyHash) },
      proof: { hash: 'sm3' as const, index: 2, treeSize: 3, leafHash: toHex(l2), proof: [toHex(left)], checkpoint },
    };
  }

  it('accepts an entry that the signed checkpoint covers', () => {
    const result = verifyEntry(fixture());
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result).toMatchObject({ ok: true, index: 2, treeSize: 3, rootSm3: toHex(root) });
  });

  it('catches a forged signature, a wrong path, a different row and changed bytes', () => {
    const forged = verifyEntry(fixture({ signWith: sm2.generateKeyPairHex().privateKey }));
    expect(forged.ok).toBe(false);
    expect(forged.checks.find((check) => check.key === 'signature')?.ok).toBe(false);

    const input = fixture();
    const badPath = verifyEntry({ ...input, proof: { ...input.proof, proof: [toHex(l0)] } });
    expect(badPath.checks.find((check) => check.key === 'inclusion')).toMatchObject({
      ok: false,
      reason: 'the proof leads to another root',
    });

    const otherRow = verifyEntry({ ...input, event: { ...event, actorName: 'mallory' } });
    expect(otherRow.checks.find((check) => check.key === 'content')?.ok).toBe(false);

    const changed = verifyEntry({ ...input, entry: { ...input.entry, data: toBase64(entryBytes(1)) } });
    expect(changed.checks.find((check) => check.key === 'entry')?.ok).toBe(false);
  });
});
