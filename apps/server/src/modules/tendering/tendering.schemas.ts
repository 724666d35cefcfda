import Type from 'typebox';
import { AMOUNT_PATTERN } from '@ggzy/contracts';
import { PROCEDURE_TYPES } from './domain/procedures.js';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Amount = Type.String({ pattern: AMOUNT_PATTERN, description: 'yuan, decimal string with at most two decimals' });
const Instant = Type.String({ format: 'date-time' });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ObjectionParams = Type.Object({ id: Type.String({ format: 'uuid' }), objectionId: Type.String({ format: 'uuid' }) });
export const ProcedureTypeSchema = Type.Enum(PROCEDURE_TYPES, { title: 'ProcedureType' });
const SecurityKind = Type.Enum(['none', 'cashDeposit', 'electronicGuarantee'] as const, { title: 'BidSecurityKind' });

export const TenderBody = Type.Object(
  {
    procedureType: ProcedureTypeSchema,
    title: Type.String({ minLength: 2, maxLength: 600 }),
    regionCode: Type.String({ pattern: '^\\d{6}$' }),
    announcement: Type.String({ minLength: 1, maxLength: 100_000, description: 'The text of the tender announcement or invitation' }),
    bidDeadline: Type.String({ format: 'date-time', description: 'Bid deadline = opening time (法 34)' }),
    sections: Type.Array(
      Type.Object(
        {
          sectionCode: Type.String({ minLength: 23, maxLength: 23, description: 'The section code assigned at project entry' }),
          name: Type.String({ minLength: 1, maxLength: 500 }),
          estimatedAmount: Amount,
          ceilingPrice: Amount,
          security: Type.Object({ kind: SecurityKind, amount: Amount }, { additionalProperties: false }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 99 },
    ),
  },
  { additionalProperties: false },
);

export const TenderSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    procedureType: ProcedureTypeSchema,
    procedureName: Type.String(),
    sector: Type.Enum(['engineering', 'governmentProcurement'] as const),
    title: Type.String(),
    regionCode: Type.String(),
    announcement: Type.String(),
    status: Type.Enum(['draft', 'pendingReview', 'published', 'suspended', 'cancelled'] as const, { title: 'TenderStatus' }),
    ownerName: Type.String(),
    bidDeadline: Instant,
    documentsIssuedAt: Nullable(Instant),
    publishedAt: Nullable(Instant),
    reviewReason: Nullable(Type.String()),
    version: Type.Integer(),
    sections: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        sectionCode: Type.String(),
        name: Type.String(),
        estimatedAmount: Type.String(),
        ceilingPrice: Type.String(),
        security: Type.Object({ kind: SecurityKind, amount: Type.String() }),
      }),
    ),
  },
  { title: 'Tender' },
);

export const TenderListQuery = Type.Object({
  scope: Type.Enum(['mine', 'review', 'published'] as const, { default: 'published' }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

export const ReviewBody = Type.Object({ approve: Type.Boolean(), reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) }, { additionalProperties: false });

export const RegistrationSchema = Type.Object({ tenderId: Type.String({ format: 'uuid' }), registeredAt: Instant }, { title: 'DocumentRegistration' });

export const ClarificationBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 100_000 }),
    substantive: Type.Boolean({ description: 'May affect the preparation of bids (条例 21): then the 15-day minimum applies' }),
  },
  { additionalProperties: false },
);

const ClarificationFields = {
  id: Type.String({ format: 'uuid' }),
  text: Type.String(),
  substantive: Type.Boolean(),
  issuedAt: Instant,
  deadlineBefore: Instant,
  deadlineAfter: Instant,
};
export const ClarificationSchema = Type.Object(
  { ...ClarificationFields, tenderId: Type.String({ format: 'uuid' }), deadlineMoved: Type.Boolean(), article: Nullable(Type.String()), notified: Type.Integer() },
  { title: 'ClarificationResult' },
);
export const ClarificationListSchema = Type.Object({ items: Type.Array(Type.Object(ClarificationFields, { title: 'Clarification' })) });

export const ObjectionBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false });
export const ObjectionReplyBody = Type.Object({ reply: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false });
const ObjectionFields = {
  id: Type.String({ format: 'uuid' }),
  tenderId: Type.String({ format: 'uuid' }),
  text: Type.String(),
  raisedAt: Instant,
  replyDue: Instant,
  repliedAt: Nullable(Instant),
  reply: Nullable(Type.String()),
};
export const ObjectionSchema = Type.Object(ObjectionFields, { title: 'Objection' });
export const RaisedObjectionSchema = Type.Object({ ...ObjectionFields, suspended: Type.Boolean(), article: Type.String() }, { title: 'RaisedObjection' });
export const AnsweredObjectionSchema = Type.Object({ ...ObjectionFields, resumed: Type.Boolean(), bidDeadline: Instant }, { title: 'AnsweredObjection' });

export const NotificationListSchema = Type.Object({
  items: Type.Array(
    Type.Object({ id: Type.String({ format: 'uuid' }), tenderId: Type.String({ format: 'uuid' }), kind: Type.String(), message: Type.String(), createdAt: Instant }, { title: 'TenderNotification' }),
  ),
});

export const ProcedureListSchema = Type.Object({ items: Type.Array(Type.Unknown()) });
