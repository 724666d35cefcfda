import { readFileBytes } from '../../crypto/download';
import { fromPrivateKeyInfo, type PrivateKeyHandle } from '../../crypto/keys';
import { readKeyFile } from '../../crypto/pkcs8';
import { openCertificateSigner, type CertificateSigner } from '../../crypto/signer';

/** The certificate key and certificate (signing a bid manifest): decrypted in the page, checked to belong together. */
export async function unlockSigner(keyFile: File, certificateFile: File, passphrase: string): Promise<CertificateSigner> {
  return openCertificateSigner({ keyFile: await readFileBytes(keyFile), certificateFile: await readFileBytes(certificateFile), passphrase });
}

/** Only the SM2 private key (unwrapping a data key or a custodian share); 64 hex characters. */
export async function unlockSm2Key(keyFile: File, passphrase: string): Promise<string> {
  const info = await readKeyFile(await readFileBytes(keyFile), passphrase);
  let key: PrivateKeyHandle;
  try {
    key = await fromPrivateKeyInfo(info);
  } finally {
    info.fill(0);
  }
  if (key.algorithm !== 'SM2') throw new Error('not an SM2 key');
  return key.privateKey;
}
