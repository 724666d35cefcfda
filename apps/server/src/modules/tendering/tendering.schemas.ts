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
const FloatPointLetterSchema = Type.Enum(['A', 'B', 'C', 'D', 'E', 'F'] as const, { title: 'FloatPointLetter' });
/** Optional per-section opening settings (lifecycles.md §3.1, formulas.md §2); omitted = check-in 30 minutes ahead, no float point. */
const SectionOpeningInput = Type.Object(
  {
    checkInLeadMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440, description: 'Check-in (签到) opens this many minutes before the deadline (default 30)' })),
    floatPoint: Type.Optional(
      Type.Object(
        {
          mode: Type.Enum(['discountBase', 'expression'] as const, { description: 'How k enters the benchmark: P′ = P × (1 − k), or a configured expression' }),
          letters: Type.Optional(Type.Array(FloatPointLetterSchema, { minItems: 2, maxItems: 6, description: 'The set drawn from (default A–F: 1.5%, 1.25%, 1%, 0.75%, 0.5%, 0.25%)' })),
          expression: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'mode expression only: over P, ceilingPrice, trimmedMean, k' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, title: 'SectionOpeningConfig' },
);
const SectionOpeningSchema = Type.Object(
  {
    checkInLeadMinutes: Type.Integer(),
    floatPoint: Nullable(Type.Object({ mode: Type.Enum(['discountBase', 'expression'] as const), letters: Type.Array(FloatPointLetterSchema), expression: Nullable(Type.String()) })),
  },
  { title: 'SectionOpening' },
);

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
          opening: Type.Optional(SectionOpeningInput),
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
    status: Type.Enum(['draft', 'pendingReview', 'published', 'suspended', 'cancelled', 'opening', 'evaluating', 'failed'] as const, { title: 'TenderStatus' }),
    ownerName: Type.String(),
    bidDeadline: Instant,
    documentsIssuedAt: Nullable(Instant),
    publishedAt: Nullable(Instant),
    reviewReason: Nullable(Type.String()),
    /** When the opening-key ceremony was held (GET …/opening-key publishes the key and its custodians); null before. */
    openingKeyAt: Nullable(Instant),
    version: Type.Integer(),
    sections: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        sectionCode: Type.String(),
        name: Type.String(),
        estimatedAmount: Type.String(),
        ceilingPrice: Type.String(),
        security: Type.Object({ kind: SecurityKind, amount: Type.String() }),
        status: Type.Enum(['tendering', 'opening', 'failed', 'evaluating'] as const, { title: 'SectionStatus', description: 'From the opening on (lifecycles.md §1); `tendering` = before it, the tender’s status applies' }),
        opening: SectionOpeningSchema,
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

export const MyRegistrationSchema = Type.Object(
  { tenderId: Type.String({ format: 'uuid' }), registeredAt: Nullable(Instant) },
  { title: 'MyDocumentRegistration' },
);

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

const PeriodSchema = Type.Object(
  { days: Type.Integer(), counting: Type.Enum(['calendar', 'working'] as const), article: Type.String() },
  { title: 'StatutoryPeriod' },
);
export const RulesQuery = Type.Object({ procedureType: ProcedureTypeSchema });
export const TenderRulesSchema = Type.Object(
  {
    procedureType: ProcedureTypeSchema,
    serverTime: Instant,
    issuedOn: Type.String({ format: 'date', description: 'Today (Asia/Shanghai): documents would be issued today at the earliest' }),
    earliestDeadlineDate: Nullable(Type.String({ format: 'date', description: 'The earliest civil date of the bid deadline if documents were issued today' })),
    documentIssueToDeadline: Nullable(PeriodSchema),
    clarificationBeforeDeadline: Nullable(PeriodSchema),
    bidSecurity: Type.Object({ percent: Type.Number(), article: Type.String() }),
  },
  { title: 'TenderRules' },
);
