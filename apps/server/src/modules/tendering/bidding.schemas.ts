import Type from 'typebox';

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Instant = Type.String({ format: 'date-time' });
const Base64 = (maxLength: number, description: string) => Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$', maxLength, description });

export const TenderSectionParams = Type.Object({ id: Type.String({ format: 'uuid' }), sectionCode: Type.String({ minLength: 23, maxLength: 23 }) });
export const UploadParams = Type.Object({ uploadId: Type.String({ format: 'uuid' }) });
export const ChunkParams = Type.Object({ uploadId: Type.String({ format: 'uuid' }), index: Type.Integer({ minimum: 0 }) });
export const BidParams = Type.Object({ bidId: Type.String({ format: 'uuid' }) });

const Sm2PublicKey = (description: string) => Type.String({ pattern: '^04[0-9a-fA-F]{128}$', description });
const KeySource = Type.Enum(['platform', 'bound', 'offline'] as const, { description: "Where the custodian's key came from: a platform-issued or bound certificate, or an offline key" });
const CustodianFacts = {
  displayName: Type.String(),
  x: Type.Integer({ description: 'The share number' }),
  publicKey: Sm2PublicKey("The key the share is SM2-encrypted to (04‖x‖y hex)"),
  fingerprint: Type.String({ description: 'SM3 of the public key (04‖x‖y), hex' }),
  keySource: KeySource,
  certificateSerial: Type.Union([Type.String(), Type.Null()], { description: 'The certificate the key is from; null for an offline key' }),
};

export const OpeningKeyBody = Type.Object(
  {
    threshold: Type.Integer({ minimum: 2, maximum: 9, default: 3 }),
    custodians: Type.Array(
      Type.Object(
        {
          userId: Type.String({ format: 'uuid' }),
          publicKey: Type.Optional(Sm2PublicKey("An offline custodian key (04‖x‖y hex); omitted: the custodian's valid SM2 certificate key. Their share is encrypted to it")),
        },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: 9 },
    ),
  },
  { additionalProperties: false },
);
export const OpeningKeySchema = Type.Object(
  {
    tenderId: Type.String({ format: 'uuid' }),
    publicKey: Type.String(),
    threshold: Type.Integer(),
    custodianCount: Type.Integer(),
    createdAt: Instant,
    custodians: Type.Array(Type.Object(CustodianFacts, { title: 'OpeningKeyCustodian' })),
  },
  { title: 'OpeningKey' },
);
export const CreatedOpeningKeySchema = Type.Object(
  {
    tenderId: Type.String({ format: 'uuid' }),
    publicKey: Type.String(),
    threshold: Type.Integer(),
    custodians: Type.Array(Type.Object({ userId: Type.String({ format: 'uuid' }), ...CustodianFacts })),
  },
  { title: 'CreatedOpeningKey' },
);
export const CustodianCandidatesSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          userId: Type.String({ format: 'uuid' }),
          displayName: Type.String(),
          relation: Type.Enum(['owner', 'agency', 'supervisor', 'centreStaff', 'admin'] as const, { description: "The tender's owner, or the role the user may hold a share in" }),
          publicKey: Sm2PublicKey("The custodian's valid SM2 certificate key"),
          fingerprint: Type.String({ description: 'SM3 of the public key (04‖x‖y), hex' }),
          certificateSerial: Type.String(),
          certificateSource: Type.Enum(['platform', 'bound'] as const),
        },
        { title: 'OpeningKeyCandidate' },
      ),
    ),
  },
  { title: 'OpeningKeyCandidates' },
);

export const UploadSchema = Type.Object(
  { uploadId: Type.String({ format: 'uuid' }), tenderId: Type.String({ format: 'uuid' }), sectionCode: Type.String(), chunkSize: Type.Integer(), maxChunks: Type.Integer() },
  { title: 'BidUpload' },
);
export const ChunkSchema = Type.Object({ index: Type.Integer(), size: Type.Integer(), sm3: Hex64 }, { title: 'BidChunk' });
export const UploadStatusSchema = Type.Object(
  { uploadId: Type.String({ format: 'uuid' }), status: Type.Enum(['open', 'committed'] as const), chunkSize: Type.Integer(), chunks: Type.Array(ChunkSchema) },
  { title: 'BidUploadStatus' },
);

export const ManifestSchema = Type.Object(
  {
    format: Type.Literal('ggzy-bid/1'),
    cipherSuite: Type.Literal('SM4-CTR+HMAC-SM3'),
    tenderId: Type.String({ format: 'uuid' }),
    sectionCode: Type.String({ minLength: 23, maxLength: 23 }),
    bidderId: Type.String({ format: 'uuid' }),
    version: Type.Integer({ minimum: 1 }),
    size: Type.Integer({ minimum: 1 }),
    chunkCount: Type.Integer({ minimum: 1 }),
    packageSm3: Hex64,
    summarySm3: Hex64,
    keyCommitment: Hex64,
    wrappedKeys: Type.Object({ bidder: Base64(512, 'SM2 C1C3C2'), opening: Base64(512, 'SM2 C1C3C2') }, { additionalProperties: false }),
  },
  { additionalProperties: false, title: 'BidManifest' },
);

export const CommitBody = Type.Object(
  {
    manifest: ManifestSchema,
    summary: Base64(1_000_000, 'The sealed opening summary (开标一览表), ggzy-bid/1'),
    signature: Base64(200, "SM2 signature (DER) over the manifest's canonical JSON"),
    certificate: Type.String({ minLength: 1, maxLength: 20_000, description: 'The signing certificate, PEM' }),
  },
  { additionalProperties: false },
);

export const ReceiptSchema = Type.Object(
  {
    receiptId: Type.Integer(),
    bidId: Type.String({ format: 'uuid' }),
    tenderId: Type.String({ format: 'uuid' }),
    sectionCode: Type.String(),
    bidderId: Type.String({ format: 'uuid' }),
    version: Type.Integer(),
    packageSm3: Hex64,
    size: Type.Integer(),
    receivedAt: Instant,
    logIndex: Type.Integer(),
    leafHashSm3: Hex64,
    signatureAlgorithm: Type.Literal('SM2-SM3'),
    platformPublicKey: Type.String(),
    batch: Type.Object(
      {
        size: Type.Integer({ minimum: 1, description: 'Receipts signed together with this one' }),
        index: Type.Integer({ minimum: 0, description: 'This receipt’s leaf in the batch’s Merkle tree (SM3, RFC 9162)' }),
        path: Type.Array(Hex64, { description: 'Inclusion path from this receipt’s leaf to the batch root' }),
      },
      { title: 'ReceiptBatch' },
    ),
    signature: Type.String({ description: 'SM2 over "ggzy/bid-receipts/2\\n<size>\\n<base64 batch root>\\n", DER, base64' }),
  },
  { title: 'BidReceipt', description: 'Receipt format 2 (packages/contracts sealed-bid/receipt.ts): signed per batch, each receipt with its path to the signed root' },
);

export const WithdrawnSchema = Type.Object({ bidId: Type.String({ format: 'uuid' }), status: Type.Literal('withdrawn'), withdrawnAt: Instant }, { title: 'WithdrawnBid' });

export const MyBidListSchema = Type.Object({
  items: Type.Array(
    Type.Object(
      {
        id: Type.String({ format: 'uuid' }),
        sectionCode: Type.String(),
        version: Type.Integer(),
        status: Type.Enum(['submitted', 'superseded', 'withdrawn'] as const),
        packageSm3: Hex64,
        size: Type.Integer(),
        receivedAt: Instant,
        withdrawnAt: Type.Union([Instant, Type.Null()]),
      },
      { title: 'MyBid' },
    ),
  ),
});

export const MyManifestSchema = Type.Object({ bidId: Type.String({ format: 'uuid' }), manifest: ManifestSchema, signature: Type.String() }, { title: 'MyBidManifest' });
