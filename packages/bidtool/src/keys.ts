/**
 * The bidder's key material, in the formats the platform already uses:
 * - the certificate key: PKCS#8 in PEM, "ENCRYPTED PRIVATE KEY" (PBES2, what the web app saves,
 *   apps/web/src/crypto/pkcs8.ts, and `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes) or plain
 *   "PRIVATE KEY";
 * - the certificate: PEM (or base64 DER) as POST /api/certificates returns it.
 * Parsing is the server's own (sm2-keys.ts, the certificate module's x509); only the PBES2
 * decryption is OpenSSL's, through node:crypto.
 */
import { createPrivateKey } from 'node:crypto';
import { sm2, sm2Keys } from '../../../apps/server/src/platform/crypto/gm/index.js';
import { decodeCertificates, parseCertificate } from '../../../apps/server/src/modules/certificate/x509/x509.js';
import { manifestBytes } from '../../../apps/server/src/modules/tendering/domain/sealed-bid/envelope.js';
import type { BidManifest } from './envelope.js';
import { bidtoolError } from './errors.js';

export interface BidderCertificate {
  pem: string;
  /** The SM2 public key, 04‖x‖y hex. */
  publicKey: string;
}

/** The private scalar (hex) of an SM2 key file; `name` is only for messages. */
export function readPrivateKey(text: string, passphrase: string | undefined, name: string): string {
  const label = /-----BEGIN ([A-Z ]+)-----/.exec(text)?.[1];
  if (label === 'ENCRYPTED PRIVATE KEY') {
    if (passphrase === undefined) throw bidtoolError('KEY_PASSPHRASE_REQUIRED', { path: name });
    let pkcs8: Buffer;
    try {
      pkcs8 = createPrivateKey({ key: text, format: 'pem', passphrase }).export({ format: 'der', type: 'pkcs8' });
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : '';
      if (code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt/i.test(String(error))) throw bidtoolError('KEY_PASSPHRASE_WRONG', { path: name });
      throw bidtoolError('KEY_FILE_INVALID', { path: name, reason: error instanceof Error ? error.message : String(error) });
    }
    return fromPkcs8(pkcs8, name);
  }
  if (label === 'PRIVATE KEY') {
    const body = text.split(/-----(?:BEGIN|END) PRIVATE KEY-----/)[1] ?? '';
    return fromPkcs8(Buffer.from(body.replace(/\s+/g, ''), 'base64'), name);
  }
  throw bidtoolError('KEY_FILE_INVALID', { path: name, reason: label ? `a "${label}" PEM block` : 'no PEM block' });
}

function fromPkcs8(der: Uint8Array, name: string): string {
  try {
    return sm2Keys.privateKeyFromPkcs8(der);
  } catch (error) {
    throw bidtoolError('KEY_FILE_INVALID', { path: name, reason: error instanceof Error ? error.message : String(error) });
  }
}

export function readCertificate(text: string, name: string): BidderCertificate {
  try {
    const [der, ...rest] = decodeCertificates(text);
    if (!der) throw new Error('no certificate');
    if (rest.length > 0) throw new Error('more than one certificate; give the bidder certificate alone');
    const parsed = parseCertificate(der);
    if (parsed.publicKey.algorithm !== 'SM2') throw new Error(`a ${parsed.publicKey.algorithm} key, not SM2`);
    const pem = text.includes('-----BEGIN')
      ? text.trim() + '\n'
      : `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`;
    return { pem, publicKey: Buffer.from(parsed.publicKey.point).toString('hex') };
  } catch (error) {
    throw bidtoolError('CERTIFICATE_INVALID', { path: name, reason: error instanceof Error ? error.message : String(error) });
  }
}

/** The bidder's SM2 signature (DER, base64) over the manifest's canonical JSON, after checking the key belongs to the certificate. */
export function signManifest(
  manifest: BidManifest,
  privateKey: string,
  certificate: BidderCertificate,
  certificateName = 'certificate',
): string {
  if (sm2.publicKeyOf(privateKey) !== sm2.normalisePublicKey(certificate.publicKey))
    throw bidtoolError('KEY_CERTIFICATE_MISMATCH', { path: certificateName });
  return Buffer.from(sm2.sign(manifestBytes(manifest), privateKey, { publicKey: certificate.publicKey })).toString('base64');
}
