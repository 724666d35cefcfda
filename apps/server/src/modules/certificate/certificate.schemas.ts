import Type, { type TSchema } from 'typebox';
import { REVOCATION_REASON_NAMES } from './x509/crl.js';

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const KeyAlgorithmSchema = Type.Union([Type.Literal('SM2'), Type.Literal('P-256')], { title: 'KeyAlgorithm' });
export const RevocationReasonSchema = Type.Enum(REVOCATION_REASON_NAMES, { title: 'RevocationReason', description: 'RFC 5280 §5.3.1 reason code' });
export const REJECTION_REASONS = ['chain', 'expired', 'notYetValid', 'revoked', 'keyUsage', 'signature'] as const;
export const ReasonSchema = Type.Enum(REJECTION_REASONS, {
  title: 'CertificateRejectionReason',
  description:
    'chain: no valid path to the platform roots or a recognised root; expired / notYetValid: outside the validity period (server clock); revoked; keyUsage: the key may not sign; signature: the signature does not verify',
});

const PemText = Type.String({ minLength: 1, maxLength: 16_384, description: 'PEM, or base64 of the DER' });
const Serial = Type.String({ pattern: '^[0-9a-fA-F]{1,40}$', description: 'Serial number, hex (as in the certificate, no separators)' });
export const SerialParams = Type.Object({ serial: Serial });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const IssueBody = Type.Object(
  {
    csr: Type.String({
      minLength: 1,
      maxLength: 16_384,
      description:
        'PKCS#10 request (PEM or base64 DER) signed by the subject’s own key: SM2 (SM2-with-SM3, OID 1.2.156.10197.1.501, default ID 1234567812345678) or ECDSA P-256 (ecdsa-with-SHA256). Its subject is ignored: the certificate names the holder from the platform’s records.',
    }),
    purpose: Type.Optional(
      Type.Union([Type.Literal('signing'), Type.Literal('encryption')], {
        default: 'signing',
        description: 'signing: digitalSignature + nonRepudiation; encryption (SM2 only): keyEncipherment + dataEncipherment + keyAgreement',
      }),
    ),
  },
  { additionalProperties: false },
);

const IssuedFields = {
  serial: Type.String(),
  ca: Type.Union([Type.Literal('sm2'), Type.Literal('p256')]),
  algorithm: KeyAlgorithmSchema,
  purpose: Type.Union([Type.Literal('signing'), Type.Literal('encryption')]),
  subject: Type.String(),
  fingerprint: Type.String({ description: 'SHA-256 of the DER, hex' }),
  notBefore: DateTime,
  notAfter: DateTime,
  issuedAt: DateTime,
  status: Type.Union([Type.Literal('valid'), Type.Literal('expired'), Type.Literal('revoked')]),
  revokedAt: Nullable(DateTime),
  revocationReason: Nullable(RevocationReasonSchema),
  certificatePem: Type.String(),
};

export const IssuedCertificateSchema = Type.Object(
  { ...IssuedFields, chainPem: Type.Array(Type.String(), { description: 'The issuing root, PEM' }) },
  { title: 'IssuedCertificate' },
);
export const CertificateSchema = Type.Object(IssuedFields, { title: 'Certificate' });
export const CertificateListSchema = Type.Object({ items: Type.Array(CertificateSchema) });
export const AdminCertificateListSchema = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), userId: Type.String({ format: 'uuid' }), ...IssuedFields })),
});
export const AdminListQuery = Type.Object({
  userId: Type.Optional(Type.String({ format: 'uuid' })),
  before: Type.Optional(Type.String({ pattern: '^\\d+$', description: 'Return certificates with a smaller id' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const RevokeBody = Type.Object({ reason: RevocationReasonSchema }, { additionalProperties: false });

export const StatusSchema = Type.Object(
  {
    serial: Type.String(),
    status: Type.Union([Type.Literal('good'), Type.Literal('revoked'), Type.Literal('unknown')]),
    revokedAt: Nullable(DateTime),
    reason: Nullable(RevocationReasonSchema),
    notBefore: Nullable(DateTime),
    notAfter: Nullable(DateTime),
    checkedAt: DateTime,
  },
  { title: 'CertificateStatus' },
);

const CertificateInfoSchema = Type.Object(
  {
    serial: Type.String(),
    subject: Type.String(),
    issuer: Type.String(),
    algorithm: KeyAlgorithmSchema,
    notBefore: DateTime,
    notAfter: DateTime,
    fingerprint: Type.String(),
  },
  { title: 'CertificateInfo' },
);

export const RootListSchema = Type.Object({
  items: Type.Array(Type.Object({ ca: Type.Union([Type.Literal('sm2'), Type.Literal('p256')]), ...CertificateInfoSchema.properties, pem: Type.String() })),
});
/** The CRL body: DER bytes. */
export const CrlResponse = {
  description: 'DER-encoded CRL',
  content: { 'application/pkix-crl': { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) } },
};
export const CrlQuery = Type.Object({
  ca: Type.Union([Type.Literal('sm2'), Type.Literal('p256')], { default: 'sm2', description: 'Which root’s CRL' }),
});

export const ChallengeBody = Type.Object(
  { purpose: Type.Optional(Type.Union([Type.Literal('login'), Type.Literal('bind')], { default: 'login' })) },
  { additionalProperties: false },
);
export const ChallengeSchema = Type.Object(
  {
    nonce: Type.String(),
    purpose: Type.Union([Type.Literal('login'), Type.Literal('bind')]),
    challenge: Type.String({ description: 'Sign exactly these UTF-8 bytes: SM2 with the default ID, or ECDSA P-256 with SHA-256' }),
    expiresAt: DateTime,
  },
  { title: 'CertificateChallenge' },
);

const SignatureFields = {
  signature: Type.String({ minLength: 1, maxLength: 1024, description: 'base64; DER SEQUENCE{r,s} or raw r‖s (64 bytes, as WebCrypto returns)' }),
  signatureFormat: Type.Optional(Type.Union([Type.Literal('der'), Type.Literal('raw')], { description: 'Default: detected' })),
};
const CertificateFields = {
  certificate: PemText,
  chain: Type.Optional(Type.Array(PemText, { maxItems: 5, description: 'Intermediate CA certificates, if any' })),
};

export const ProofBody = Type.Object(
  { nonce: Type.String({ minLength: 1, maxLength: 100 }), ...CertificateFields, ...SignatureFields },
  { additionalProperties: false },
);

export const BindingSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    fingerprint: Type.String(),
    subject: Type.String(),
    issuer: Type.String(),
    serial: Type.String(),
    notAfter: DateTime,
    createdAt: DateTime,
  },
  { title: 'CertificateBinding' },
);
export const BindingListSchema = Type.Object({ items: Type.Array(BindingSchema) });

export const TrustedRootBody = Type.Object(
  { certificate: PemText, name: Type.Optional(Type.String({ maxLength: 200, description: 'Display name, e.g. the CA operator' })) },
  { additionalProperties: false },
);
export const TrustedRootSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    subject: Type.String(),
    algorithm: KeyAlgorithmSchema,
    fingerprint: Type.String(),
    notBefore: DateTime,
    notAfter: DateTime,
    addedAt: DateTime,
    pem: Type.String(),
  },
  { title: 'TrustedRoot' },
);
export const TrustedRootListSchema = Type.Object({ items: Type.Array(TrustedRootSchema) });

export const VerifyBody = Type.Object(
  {
    ...CertificateFields,
    ...SignatureFields,
    data: Type.Optional(Type.String({ maxLength: 87_384, description: 'The signed bytes, base64 (at most 64 KiB); or give digest' })),
    digest: Type.Optional(
      Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'SM3 or SHA-256 digest of the document, hex: the digest bytes are what was signed' }),
    ),
    digestAlgorithm: Type.Optional(Type.Union([Type.Literal('sm3'), Type.Literal('sha256')])),
  },
  { additionalProperties: false },
);
export const VerifyResultSchema = Type.Object(
  {
    valid: Type.Boolean(),
    reasons: Type.Array(ReasonSchema),
    source: Nullable(Type.Union([Type.Literal('platform'), Type.Literal('recognised')])),
    certificate: CertificateInfoSchema,
    holder: Nullable(Type.Object({ userId: Type.String({ format: 'uuid' }), displayName: Type.String() })),
    checkedAt: DateTime,
  },
  { title: 'SignatureVerification' },
);
