import Type from 'typebox';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const CivilDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const SlotParams = Type.Object({ id: Type.String({ format: 'uuid' }), slot: Type.Integer({ minimum: 1 }) });

const OrgRef = Type.Object({ uscc: Type.Optional(Nullable(Type.String({ maxLength: 18 }))), name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const SpecialtySchema = Type.Object({ code: Type.String(), name: Type.String(), group: Type.String() });

export const ExpertBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    title: Type.String({ minLength: 1, maxLength: 100, description: 'Professional title, e.g. 高级工程师' }),
    yearsOfPractice: Type.Integer({ minimum: 0, maximum: 70 }),
    employer: OrgRef,
    regionCode: Type.String({ pattern: '^\\d{6}$' }),
    specialties: Type.Array(Type.String({ minLength: 1, maxLength: 10 }), { minItems: 1, maxItems: 10 }),
    relatedOrgs: Type.Optional(Type.Array(OrgRef, { maxItems: 50, description: 'Employers of near relatives and other declared interest relations' })),
    departments: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10, description: 'Departments the expert works for (supervisors may not sit on panels their department supervises)' })),
    unavailableDates: Type.Optional(Type.Array(CivilDate, { maxItems: 366 })),
  },
  { additionalProperties: false },
);

export const ExpertReviewBody = Type.Object({ decision: Type.Enum(['approve', 'reject'] as const), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const ExpertRestrictionBody = Type.Object(
  {
    suspendedUntil: Nullable(CivilDate),
    penalised: Type.Boolean(),
    note: Type.String({ minLength: 1, maxLength: 500, description: 'Credit record entry explaining the change' }),
  },
  { additionalProperties: false },
);

export const ExpertSchema = Type.Object({
  id: Type.String(),
  userId: Nullable(Type.String()),
  name: Type.String(),
  title: Type.String(),
  yearsOfPractice: Type.Integer(),
  employer: OrgRef,
  regionCode: Type.String(),
  specialties: Type.Array(Type.String()),
  relatedOrgs: Type.Array(OrgRef),
  departments: Type.Array(Type.String()),
  unavailableDates: Type.Array(Type.String()),
  status: Type.Enum(['pending', 'approved', 'rejected'] as const),
  reviewReason: Nullable(Type.String()),
  suspendedUntil: Nullable(Type.String()),
  penalised: Type.Boolean(),
  creditNotes: Type.Array(Type.Object({ at: Type.String(), note: Type.String(), by: Type.String() })),
  lastDrawnOn: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const ExpertListQuery = Type.Object({ status: Type.Optional(Type.Enum(['pending', 'approved', 'rejected'] as const)) });

export const DrawBody = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 200, description: 'Project/section the panel is for, e.g. its section code' }),
    tenderId: Type.String({ format: 'uuid', description: 'The tender the panel is drawn for; only its evaluation may seat the panel' }),
    sectionCode: Type.String({ minLength: 1, maxLength: 40, description: 'The section of that tender' }),
    evaluationDate: CivilDate,
    slots: Type.Array(Type.Object({ specialty: Type.String(), count: Type.Integer({ minimum: 1, maximum: 21 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 10 }),
    representatives: Type.Integer({ minimum: 0, maximum: 10, description: 'Tenderer representatives joining the drawn experts on the committee' }),
    avoid: Type.Object(
      {
        bidders: Type.Array(OrgRef, { maxItems: 200 }),
        tenderers: Type.Array(OrgRef, { maxItems: 20 }),
        agencies: Type.Array(OrgRef, { maxItems: 20 }),
        supervisingDepartments: Type.Array(Type.String({ minLength: 1 }), { maxItems: 20 }),
      },
      { additionalProperties: false, description: 'The avoided-enterprise list (AVOID_ENTERPRISE_LIST) and supervising departments' },
    ),
    minDaysBetweenDraws: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, default: 0 })),
  },
  { additionalProperties: false },
);

export const AnswerBody = Type.Object({ answer: Type.Enum(['confirmed', 'declined', 'recused'] as const), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const InvitationAnswerBody = Type.Object(
  { answer: Type.Enum(['confirmed', 'declined'] as const), reason: Type.Optional(Type.String({ maxLength: 500, description: 'Required when declining' })) },
  { additionalProperties: false },
);

export const InvitationSchema = Type.Object({
  id: Type.String(),
  drawId: Type.String(),
  reference: Type.String({ description: 'The project/section the panel is drawn for' }),
  evaluationDate: Type.String(),
  slot: Type.Integer(),
  specialty: Type.String(),
  drawType: Type.Integer({ description: '1 normal draw, 2 supplementary draw (补抽)' }),
  round: Type.Integer(),
  answer: Type.Enum(['pending', 'confirmed', 'declined', 'recused'] as const),
  onPanel: Type.Boolean(),
  open: Type.Boolean({ description: 'The draw awaits this answer' }),
  invitedAt: Type.String(),
});

const Slot = Type.Object({
  slot: Type.Integer(),
  specialty: Type.String(),
  drawType: Type.Integer({ description: '1 normal draw, 2 supplementary draw (补抽)' }),
  round: Type.Integer(),
  answer: Type.Enum(['pending', 'confirmed', 'declined', 'recused'] as const),
  onPanel: Type.Boolean(),
  /** Only once unsealed. */
  expertId: Type.Optional(Type.String()),
  expertName: Type.Optional(Type.String()),
});

export const DrawSchema = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  tenderId: Nullable(Type.String({ description: 'The tender section the panel serves; null for a draw made before draws were bound to one (it cannot seat a committee)' })),
  sectionCode: Nullable(Type.String()),
  evaluationDate: Type.String(),
  status: Type.Enum(['committed', 'sealed', 'unsealed'] as const),
  seedCommitment: Type.String(),
  candidateHash: Type.String(),
  candidateCount: Type.Integer(),
  excludedCount: Type.Integer(),
  slots: Type.Array(Slot),
  shortfall: Type.Array(Type.Object({ specialty: Type.String(), missing: Type.Integer() })),
  seed: Nullable(Type.String()),
  /** Avoided experts and why; only once unsealed. */
  avoided: Type.Optional(Type.Array(Type.Object({ expertId: Type.String(), reasons: Type.Array(Type.Object({ code: Type.String(), kind: Type.String(), detail: Type.String() })) }))),
  createdAt: Type.String(),
  unsealedAt: Nullable(Type.String()),
});

export const DrawVerificationSchema = Type.Object({
  drawId: Type.String(),
  algorithm: Type.String(),
  seed: Type.String(),
  seedCommitment: Type.String(),
  candidateHash: Type.String(),
  candidates: Type.Array(Type.Object({ id: Type.String(), specialties: Type.Array(Type.String()) })),
  excluded: Type.Array(Type.String()),
  request: Type.Object({ slots: Type.Array(Type.Object({ specialty: Type.String(), count: Type.Integer() })) }),
  rounds: Type.Array(Type.Object({ released: Type.Array(Type.String()) })),
  commitmentMatches: Type.Boolean(),
  candidateHashMatches: Type.Boolean(),
  panel: Type.Array(Type.Object({ expertId: Type.String(), specialty: Type.String(), drawType: Type.Integer(), round: Type.Integer() })),
  panelMatchesRecord: Type.Boolean(),
});
