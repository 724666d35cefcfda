import { buildCertificationRequest, commonNameSubject, SIGNATURE_OID, toPem } from '@ggzy/contracts/asn1';
import { rawSignatureToDer, signRaw, spkiOf, type PrivateKeyHandle } from './keys';

/**
 * A PKCS#10 request signed in the page by the new key (proof of possession). The platform
 * ignores the subject and names the holder from its own records; we put the user's name in CN
 * so the request reads sensibly wherever it is logged.
 */
export async function createCsrPem(key: PrivateKeyHandle, commonName: string): Promise<string> {
  const der = await buildCertificationRequest({
    subject: commonNameSubject(commonName),
    spki: spkiOf(key),
    signatureOid: SIGNATURE_OID[key.algorithm],
    sign: async (info) => rawSignatureToDer(await signRaw(key, info)),
  });
  return toPem('CERTIFICATE REQUEST', der);
}
