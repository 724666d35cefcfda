import { equalBytes, toBase64, utf8 } from './encoding';
import { readCertificateFile, type CertificateSummary } from './certificate';
import { fromPrivateKeyInfo, KeyFileError, signRaw, type PrivateKeyHandle } from './keys';
import { readKeyFile } from './pkcs8';

/**
 * What certificate sign-in and binding need from the user's two files: the key (decrypted with
 * the passphrase, in memory only) and the certificate it belongs to.
 */
export interface CertificateSigner {
  certificate: CertificateSummary;
  /** Intermediate CA certificates (PEM) that came in the certificate file. */
  chain: string[];
  key: PrivateKeyHandle;
}

export async function openCertificateSigner(files: {
  keyFile: Uint8Array;
  certificateFile: Uint8Array;
  passphrase: string;
}): Promise<CertificateSigner> {
  const { certificate, chain } = readCertificateFile(files.certificateFile);
  const privateKeyInfo = await readKeyFile(files.keyFile, files.passphrase);
  try {
    const key = await fromPrivateKeyInfo(privateKeyInfo);
    if (key.algorithm !== certificate.algorithm || !equalBytes(key.publicPoint, certificate.publicPoint)) {
      throw new KeyFileError('mismatch', 'the key does not belong to the certificate');
    }
    return { certificate, chain, key };
  } finally {
    privateKeyInfo.fill(0);
  }
}

/**
 * Signs a server challenge: the UTF-8 bytes of `challenge` (`ggzy certificate login: <nonce>`),
 * SM2 with the default ID or ECDSA P-256 with SHA-256, sent as base64 of raw r‖s.
 */
export async function signChallenge(signer: CertificateSigner, challenge: string): Promise<{ signature: string; signatureFormat: 'raw' }> {
  const signature = await signRaw(signer.key, utf8(challenge));
  return { signature: toBase64(signature), signatureFormat: 'raw' };
}
