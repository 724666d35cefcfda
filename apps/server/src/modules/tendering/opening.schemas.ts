import Type from 'typebox';

export const OpeningParams = Type.Object({ id: Type.String({ format: 'uuid' }), sectionCode: Type.String({ minLength: 23, maxLength: 23 }) });
export const ResponseParams = Type.Object({ id: Type.String({ format: 'uuid' }), sectionCode: Type.String({ minLength: 23, maxLength: 23 }), responseId: Type.String({ format: 'uuid' }) });

export const StartOpeningBody = Type.Object(
  { windowMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 240, description: 'Length of the decryption window (default 30 minutes)' })) },
  { additionalProperties: false },
);
export const DataKeyBody = Type.Object(
  { dataKey: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: 'The 32-byte data key K of my bid (base64), unwrapped client-side with my own SM2 key' }) },
  { additionalProperties: false },
);
export const ShareBody = Type.Object(
  { x: Type.Integer({ minimum: 1, maximum: 255 }), y: Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'My decrypted Shamir share' }) },
  { additionalProperties: false },
);
export const PublishBody = Type.Object(
  {
    otherCauses: Type.Optional(
      Type.Array(Type.Object({ bidId: Type.String({ format: 'uuid' }), reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }), {
        description: 'Bids not decrypted for a reason other than the bidder (办法 Art 31: deemed withdrawn instead of revoked)',
      }),
    ),
  },
  { additionalProperties: false },
);
export const RespondBody = Type.Object(
  { kind: Type.Union([Type.Literal('confirm'), Type.Literal('objection')]), text: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
  { additionalProperties: false },
);
export const FloatPointBody = Type.Object(
  { nonce: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{32,128}$', description: 'The drawer’s random contribution (16–64 bytes, hex); the server makes one when omitted' })) },
  { additionalProperties: false },
);
export const AnswerBody = Type.Object({ answer: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

/** Free-form JSON replies (the opening record and its parts); documented in the README. */
export const OpeningReply = Type.Object({}, { additionalProperties: true, title: 'OpeningReply' });
export const WrappedShareSchema = Type.Object({ tenderId: Type.String(), x: Type.Integer(), wrappedShare: Type.String() }, { title: 'WrappedShare' });
