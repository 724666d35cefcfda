import Type from 'typebox';
import { FALLBACK_REASONS } from './domain/award-rules.js';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const SectionParams = Type.Object({ id: Type.String({ format: 'uuid' }), sectionCode: Type.String({ minLength: 23, maxLength: 23 }) });
export const ObjectionParams = Type.Object({ id: Type.String({ format: 'uuid' }), sectionCode: Type.String({ minLength: 23, maxLength: 23 }), objectionId: Type.String({ format: 'uuid' }) });

const FallbackReasonSchema = Type.Enum(FALLBACK_REASONS, {
  title: 'AwardFallbackReason',
  description: '条例 55: waived 放弃中标, forceMajeure 不可抗力, noPerformanceSecurity 未提交履约保证金, violation 查实违法; tendererChoice only where the order does not bind',
});
const Note = Type.String({ minLength: 1, maxLength: 2000 });

export const PublicityBody = Type.Object(
  { endsAt: Type.Optional(Type.String({ format: 'date-time', description: 'End of publicity (≥ 3 days, 条例 54); default 24:00 of the third day' })) },
  { additionalProperties: false },
);
export const ObjectionBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 5000, description: 'The request and its grounds' }) }, { additionalProperties: false });
export const ObjectionReplyBody = Type.Object({ reply: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });
export const DecisionBody = Type.Object(
  {
    passOver: Type.Optional(
      Type.Array(Type.Object({ rank: Type.Integer({ minimum: 1, maximum: 3 }), reason: FallbackReasonSchema, note: Note }, { additionalProperties: false }), {
        maxItems: 3,
        description: 'Candidates passed over, in order, each with its legal reason (recorded in the notice)',
      }),
    ),
  },
  { additionalProperties: false },
);
export const FallbackBody = Type.Object({ reason: FallbackReasonSchema, note: Note }, { additionalProperties: false });
export const RetenderBody = Type.Object(
  {
    bidDeadline: Type.String({ format: 'date-time', description: 'Bid deadline of the new tender (≥ 20 days after publication, 法 24)' }),
    title: Type.Optional(Type.String({ minLength: 2, maxLength: 600 })),
    announcement: Type.Optional(Type.String({ minLength: 1, maxLength: 100_000 })),
  },
  { additionalProperties: false },
);

const CandidateSchema = Type.Object(
  { rank: Type.Integer(), bidderName: Type.String(), price: Type.String(), score: Nullable(Type.String()) },
  { title: 'AwardCandidate' },
);

export const PublicitySchema = Type.Object(
  {
    tenderId: Type.String(),
    tenderTitle: Type.String(),
    sectionCode: Type.String(),
    sectionName: Type.String(),
    tenderer: Type.String(),
    candidates: Type.Array(CandidateSchema),
    startsAt: Instant,
    endsAt: Instant,
    running: Type.Boolean(),
    suspended: Type.Boolean(),
  },
  { title: 'CandidatePublicity' },
);

export const ResultSchema = Type.Object(
  {
    tenderId: Type.String(),
    tenderTitle: Type.String(),
    sectionCode: Type.String(),
    sectionName: Type.String(),
    procedureName: Type.String(),
    title: Type.String(),
    outcome: Type.Union([Type.Literal('awarded'), Type.Literal('failed')]),
    winner: Nullable(CandidateSchema),
    announcedAt: Nullable(Instant),
    failureReason: Nullable(Type.String()),
  },
  { title: 'AwardResult' },
);

export const NoticeReply = Type.Object(
  {
    notice: Type.Object({}, { additionalProperties: true, description: 'The signed ggzy-award-notice/1 document (README)' }),
    status: Type.Union([Type.Literal('issued'), Type.Literal('revoked')]),
    logIndex: Type.Integer(),
    leafHashSm3: Type.String(),
  },
  { title: 'AwardNoticeReply' },
);

export const NoticeKeySchema = Type.Object({ algorithm: Type.Literal('SM2'), publicKey: Type.String() }, { title: 'AwardNoticeKey' });

/** Free-form JSON replies of the award commands and the participants' view; documented in the README. */
export const AwardReply = Type.Object({}, { additionalProperties: true, title: 'AwardReply' });
