import Type from 'typebox';

const Decimal = Type.String({ pattern: '^-?\\d{1,12}(\\.\\d{1,6})?$' });
const Step = Type.Enum(['qualification', 'preliminary', 'detailed', 'other'] as const);
const ItemBase = { id: Type.String({ minLength: 1, maxLength: 40 }), step: Step, name: Type.String({ minLength: 1, maxLength: 200 }) };

export const ScoreItemSchema = Type.Union([
  Type.Object({ ...ItemBase, kind: Type.Literal('FIXED'), points: Decimal }, { additionalProperties: false }),
  Type.Object({ ...ItemBase, kind: Type.Literal('RANGE'), min: Decimal, max: Decimal, scale: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })) }, { additionalProperties: false }),
  Type.Object({ ...ItemBase, kind: Type.Literal('PASS_FAIL') }, { additionalProperties: false }),
]);

export const PriceMethodSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('deviation'),
      priceScoreTotal: Decimal,
      deductAbovePerPct: Decimal,
      deductBelowPerPct: Decimal,
      trimAbove: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
      trimCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
      deviationScale: Type.Optional(Type.Integer({ minimum: 2, maximum: 8 })),
      scoreScale: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
      scoreFloor: Type.Optional(Decimal),
      floatPoint: Type.Enum(['none', 'discountBase'] as const),
    },
    { additionalProperties: false, description: 'formulas.md §1–2 (engineering comprehensive evaluation)' },
  ),
  Type.Object({ kind: Type.Literal('lowPricePriority'), priceWeightPoints: Decimal, scoreScale: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })) }, { additionalProperties: false, description: 'formulas.md §3 (GP)' }),
  Type.Object({ kind: Type.Literal('lowestEvaluatedPrice') }, { additionalProperties: false, description: 'formulas.md §4' }),
]);

const TieRuleSchema = Type.Union([
  Type.Object({ kind: Type.Literal('lowerPrice') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('higherExpertScore') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('lots'), order: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200 }) }, { additionalProperties: false }),
]);

const configFields = {
  items: Type.Array(ScoreItemSchema, { maxItems: 200 }),
  priceMethod: PriceMethodSchema,
  tieRules: Type.Optional(Type.Array(TieRuleSchema, { maxItems: 3, description: 'Tie rules of the tender documents, in order (default: lower price)' })),
};

export const ConfigBody = Type.Object(configFields, { additionalProperties: false });

export const CreateEvaluationBody = Type.Object(
  {
    tenderId: Type.String({ format: 'uuid' }),
    sectionCode: Type.String({ minLength: 23, maxLength: 23 }),
    drawId: Type.String({ format: 'uuid', description: 'The unsealed expert draw whose confirmed panel sits on the committee' }),
    representatives: Type.Array(Type.Object({ userId: Type.String({ format: 'uuid' }), name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }), {
      maxItems: 10,
      description: 'Tenderer representatives (marked as such on the committee)',
    }),
    ...configFields,
  },
  { additionalProperties: false },
);

export const EvaluationParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const RequestParams = Type.Object({ id: Type.String({ format: 'uuid' }), requestId: Type.String({ format: 'uuid' }) });
export const BidderRequestParams = Type.Object({ requestId: Type.String({ format: 'uuid' }) });

export const VoteBody = Type.Object({ candidateId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export const ScoresBody = Type.Object(
  {
    scores: Type.Array(
      Type.Object(
        {
          itemId: Type.String({ minLength: 1, maxLength: 40 }),
          bidId: Type.String({ format: 'uuid' }),
          value: Type.String({ minLength: 1, maxLength: 20, description: "A decimal score, or 'pass' / 'fail' for a PASS_FAIL item" }),
          reason: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 2000 },
    ),
  },
  { additionalProperties: false },
);
export const RescoreBody = Type.Object(
  { itemId: Type.String({ minLength: 1, maxLength: 40 }), expertIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 21 })), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export const RejectBody = Type.Object(
  { bidId: Type.String({ format: 'uuid' }), code: Type.String({ minLength: 1, maxLength: 40, description: 'A statutory rejection code (GET /api/evaluations/rejection-reasons)' }), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export const BidderRequestBody = Type.Object(
  {
    bidId: Type.String({ format: 'uuid' }),
    kind: Type.Enum(['clarification', 'abnormalLowPrice'] as const),
    question: Type.String({ minLength: 1, maxLength: 4000 }),
    deadline: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const DecisionBody = Type.Object({ outcome: Type.Enum(['accepted', 'rejected'] as const), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const PriceScoreBody = Type.Object(
  { adjustments: Type.Optional(Type.Record(Type.String({ format: 'uuid' }), Type.Array(Decimal, { maxItems: 50 }), { description: 'Lowest evaluated price: quantified adjustments per bid (yuan)' })) },
  { additionalProperties: false },
);
export const SignBody = Type.Object(
  { decision: Type.Enum(['agree', 'dissent', 'refuse'] as const), reason: Type.Optional(Type.String({ maxLength: 4000, description: 'Required for a dissent; a refusal without reasons is deemed consent (条例 53)' })) },
  { additionalProperties: false },
);
export const AnswerBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 8000 }) }, { additionalProperties: false });

/** Free-form JSON replies (the room as the caller may see it; the signed report); documented in the README. */
export const EvaluationReply = Type.Object({}, { additionalProperties: true, title: 'EvaluationRoom' });
export const RequestReply = Type.Object({}, { additionalProperties: true, title: 'BidderRequest' });
export const RejectionReasonSchema = Type.Object({ code: Type.String(), sector: Type.String(), rule: Type.String(), article: Type.String(), zh: Type.String(), en: Type.String() });
