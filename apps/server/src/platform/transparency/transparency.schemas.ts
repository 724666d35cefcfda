import Type from 'typebox';

const Hex32 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Index = Type.Integer({ minimum: 0 });

export const HashQuery = Type.Union([Type.Literal('sm3'), Type.Literal('sha256')], {
  default: 'sm3',
  description: 'Which tree: SM3 (default) or SHA-256; both are over the same entries',
});

export const CheckpointSchema = Type.Object(
  {
    treeSize: Type.Integer({ minimum: 1 }),
    rootSm3: Hex32,
    rootSha256: Hex32,
    timestamp: Type.String({ format: 'date-time' }),
    note: Type.String({
      description:
        'The signed note: origin, tree size, Base64 SM3 root, "sha256 <root>", "timestamp <ISO>", a blank line, "— <key name> <Base64(key hash ‖ DER SM2 signature)>". The signature (SM2, GM/T 0009 default ID) covers the text up to the blank line.',
    }),
  },
  { title: 'LogCheckpoint' },
);

export const LogKeySchema = Type.Object(
  {
    algorithm: Type.Literal('SM2'),
    keyName: Type.String(),
    publicKey: Type.String({ pattern: '^04[0-9a-f]{128}$', description: 'Uncompressed point 04‖x‖y' }),
    keyHash: Type.String({ pattern: '^[0-9a-f]{8}$' }),
  },
  { title: 'LogKey' },
);

export const InclusionProofSchema = Type.Object(
  {
    hash: Type.Union([Type.Literal('sm3'), Type.Literal('sha256')]),
    index: Index,
    treeSize: Type.Integer({ minimum: 1 }),
    leafHash: Hex32,
    proof: Type.Array(Hex32, { description: 'RFC 9162 §2.1.3 inclusion path, from the leaf up' }),
    checkpoint: Type.Union([CheckpointSchema, Type.Null()], { description: 'The signed checkpoint of this tree size, if there is one' }),
  },
  { title: 'InclusionProof' },
);

export const ConsistencyProofSchema = Type.Object(
  {
    hash: Type.Union([Type.Literal('sm3'), Type.Literal('sha256')]),
    from: Type.Integer({ minimum: 1 }),
    to: Type.Integer({ minimum: 1 }),
    proof: Type.Array(Hex32, { description: 'RFC 9162 §2.1.4 consistency proof' }),
  },
  { title: 'ConsistencyProof' },
);

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const LogEntrySchema = Type.Object(
  {
    index: Index,
    data: Type.String({ contentEncoding: 'base64', description: 'The entry bytes exactly as hashed: canonical JSON in UTF-8' }),
    leafHashSm3: Hex32,
    leafHashSha256: Hex32,
    recorded: Type.Object(
      {
        at: Type.String({ format: 'date-time' }),
        actorId: nullable(Type.String()),
        actorName: nullable(Type.String()),
        action: Type.String(),
        target: nullable(Type.String()),
        outcome: Type.String(),
        ip: nullable(Type.String()),
        detail: Type.Unknown(),
      },
      { description: 'The audit trail columns of this entry as stored; a verifier checks that they say what `data` says' },
    ),
  },
  { title: 'LogEntry' },
);
