import { type PlatformDeps, type PlatformModule, perPlatform } from '../../platform/module.js';
import { certificateRoutes } from './certificate.routes.js';
import { type CertificateService, createCertificateService, type DocumentSignatureInput, type DocumentSignatureResult } from './certificate.service.js';
import * as createCertificate from './migrations/2026_11_28_0701_create_certificate.js';

export type { DocumentContent, DocumentSignatureInput, DocumentSignatureResult, Reason as SignatureRejectionReason } from './certificate.service.js';
export { challengeText } from './certificate.service.js';
export { type HolderCertificateSource, sm2PublicKeyOf, usableHolderCertificates } from './holder-keys.js';

// One service per running platform: its CA roots and trusted-root cache are shared by all routes.
const serviceFor = perPlatform((deps): CertificateService => createCertificateService({ db: deps.db, clock: deps.clock, keys: deps.keys, logger: deps.logger }));

/**
 * For other modules (bids, reports): verifies a signature made on the client over a document
 * or its digest — chain to the platform or a recognised root, validity on the server clock,
 * revocation, key usage and the signature (SM2 with the GM/T 0009 default ID, or ECDSA P-256).
 * Call it outside a transaction (it reads the database; embedded mode has one connection).
 */
export function verifyDocumentSignature(deps: PlatformDeps, input: DocumentSignatureInput): Promise<DocumentSignatureResult> {
  return serviceFor(deps).verifyDocumentSignature(input);
}

/** The platform CA (SM2 and ECDSA P-256 roots), certificate sign-in, revocation, mutual recognition, signature verification. */
export const certificateModule: PlatformModule = {
  name: 'certificate',
  migrations: { '2026_11_28_0701_create_certificate': createCertificate },
  routes: (app, deps) => certificateRoutes(serviceFor(deps), deps)(app),
};
