import { APPROVAL_KINDS, CONTRACT_KINDS, DEPARTMENT_KINDS, FUNDING_SOURCES, LIFECYCLE_ALERT_KINDS, LIFECYCLE_STAGES, PROJECT_CATEGORIES } from '@ggzy/contracts';
import Type from 'typebox';
import { AMOUNT_PATTERN } from '@ggzy/contracts';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const CivilDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' });
const Amount = Type.String({ pattern: AMOUNT_PATTERN, description: 'yuan, decimal string with at most two decimals' });
// Codes are checked by the code validators (domain/codes.md), which name the wrong character; the schema only bounds them.
const CodeText = (description: string) => Type.String({ minLength: 1, maxLength: 60, description });

export const ProjectCategorySchema = Type.Enum(PROJECT_CATEGORIES, { title: 'ProjectCategory' });
export const FundingSourceSchema = Type.Enum(FUNDING_SOURCES, { title: 'FundingSource' });
export const ContractKindSchema = Type.Enum(CONTRACT_KINDS, { title: 'ContractKind' });
export const LifecycleStageSchema = Type.Enum(LIFECYCLE_STAGES, { title: 'LifecycleStage' });
export const AlertKindSchema = Type.Enum(LIFECYCLE_ALERT_KINDS, { title: 'LifecycleAlertKind' });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ProjectRegistrationBody = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 600 }),
    investProjectCode: Type.Optional(CodeText('投资项目统一代码 (24); required for engineering construction')),
    approval: Type.Object(
      {
        kind: Type.Enum(APPROVAL_KINDS, { description: '审批 / 核准 / 备案' }),
        documentNumber: Type.String({ minLength: 1, maxLength: 100 }),
        authority: Type.String({ minLength: 1, maxLength: 100 }),
        date: CivilDate,
      },
      { additionalProperties: false },
    ),
    fundingSource: FundingSourceSchema,
    regionCode: CodeText('GB/T 2260 region code of the project site'),
    industryCode: Type.String({ pattern: '^([A-T]|\\d{2,4})$', description: 'GB/T 4754-2017 industry code (section letter, division, group or class)' }),
    category: ProjectCategorySchema,
    contractKind: Type.Optional(ContractKindSchema),
    estimatedAmount: Amount,
    tendererName: Type.String({ minLength: 2, maxLength: 200 }),
    sections: Type.Array(
      Type.Object({ name: Type.String({ minLength: 1, maxLength: 500 }), estimatedAmount: Amount }, { additionalProperties: false }),
      { minItems: 1, maxItems: 99 },
    ),
  },
  { additionalProperties: false, title: 'ProjectRegistration' },
);

const MustEnterSchema = Type.Object(
  {
    mustEnter: Type.Boolean(),
    version: Type.Integer(),
    entryCode: Nullable(Type.String()),
    entryNameZh: Nullable(Type.String()),
    entryNameEn: Nullable(Type.String()),
    basis: Nullable(Type.String()),
    reason: Type.String({ description: "'listed' or why not: categoryNotListed, contractKindNotCovered, fundingNotCovered, belowThreshold" }),
  },
  { title: 'MustEnterDecision' },
);

export const SectionSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    sectionCode: Type.String(),
    tenderProjectCode: Type.String(),
    sequence: Type.Integer(),
    name: Type.String(),
    estimatedAmount: Type.String(),
    round: Type.Integer(),
    dealCode: Type.String(),
    withdrawn: Type.Boolean(),
  },
  { title: 'ProjectSection' },
);

export const ProjectSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    projectCode: Type.String(),
    codeScheme: Type.String(),
    investProjectCode: Nullable(Type.String()),
    name: Type.String(),
    regionCode: Type.String(),
    industryCode: Type.String(),
    category: ProjectCategorySchema,
    contractKind: Nullable(ContractKindSchema),
    fundingSource: FundingSourceSchema,
    estimatedAmount: Type.String(),
    approval: Type.Object({ kind: Type.String(), documentNumber: Type.String(), authority: Type.String(), date: Type.String() }),
    tendererName: Type.String(),
    registeredBy: Type.String({ format: 'uuid' }),
    registeredByName: Type.String(),
    status: Type.Enum(['pending', 'returned', 'accepted']),
    returnReasons: Type.Array(Type.String()),
    mustEnter: MustEnterSchema,
    tenderProjects: Type.Array(Type.Object({ tenderProjectCode: Type.String(), sequence: Type.Integer(), name: Type.String() })),
    sections: Type.Array(SectionSchema),
    submittedAt: Type.String({ format: 'date-time' }),
    reviewedAt: Nullable(Type.String({ format: 'date-time' })),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Project' },
);

export const ProjectListQuery = Type.Object({
  scope: Type.Optional(Type.Enum(['mine', 'all'], { description: 'mine: projects I registered (default for tenderers and agencies)' })),
  status: Type.Optional(Type.Enum(['pending', 'returned', 'accepted'])),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const ProjectSummarySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    projectCode: Type.String(),
    investProjectCode: Nullable(Type.String()),
    name: Type.String(),
    regionCode: Type.String(),
    category: ProjectCategorySchema,
    estimatedAmount: Type.String(),
    tendererName: Type.String(),
    registeredByName: Type.String(),
    status: Type.Enum(['pending', 'returned', 'accepted']),
    mustEnter: Type.Boolean(),
    sectionCount: Type.Integer(),
    openAlerts: Type.Integer(),
    submittedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'ProjectSummary' },
);

export const ReviewBody = Type.Union(
  [
    Type.Object({ decision: Type.Literal('accept') }, { additionalProperties: false }),
    Type.Object({ decision: Type.Literal('return'), reasons: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }),
  ],
  { title: 'EntryReview' },
);

export const CatalogueEntrySchema = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z0-9-]{1,32}$' }),
    category: ProjectCategorySchema,
    nameZh: Type.String({ minLength: 1, maxLength: 200 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    contractKinds: Type.Optional(Type.Array(ContractKindSchema, { minItems: 1, uniqueItems: true })),
    fundingSources: Type.Optional(Type.Array(FundingSourceSchema, { minItems: 1, uniqueItems: true })),
    minAmount: Type.Optional(Amount),
    basis: Type.String({ minLength: 1, maxLength: 300 }),
  },
  { additionalProperties: false, title: 'CatalogueEntry' },
);

export const CatalogueVersionBody = Type.Object(
  {
    effectiveFrom: CivilDate,
    reason: Type.String({ minLength: 2, maxLength: 1000 }),
    entryDeadlineWorkingDays: Type.Integer({ minimum: 1, maximum: 120 }),
    entries: Type.Array(CatalogueEntrySchema, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false, title: 'CatalogueVersionDraft' },
);

export const CatalogueVersionSchema = Type.Object(
  {
    version: Type.Integer(),
    effectiveFrom: Type.String(),
    reason: Type.String(),
    entryDeadlineWorkingDays: Type.Integer(),
    entries: Type.Array(CatalogueEntrySchema),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'CatalogueVersion' },
);

export const MustEnterQuery = Type.Object({
  category: ProjectCategorySchema,
  contractKind: Type.Optional(ContractKindSchema),
  fundingSource: FundingSourceSchema,
  estimatedAmount: Amount,
  date: Type.Optional(CivilDate),
});

const EventFields = {
  stage: LifecycleStageSchema,
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: "What happened within the stage, e.g. 'tradingCompleted', 'signed', 'accepted'; default: the stage" })),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  occurredOn: CivilDate,
  amount: Type.Optional(Amount),
  documentNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  evidenceFileKeys: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20, uniqueItems: true, description: 'keys returned by POST /api/files' })),
};

export const DepartmentEventBody = Type.Object(
  {
    investProjectCode: Type.Optional(CodeText('投资项目统一代码 (24)')),
    projectCode: Type.Optional(CodeText('项目编号 (17)')),
    sectionCode: Type.Optional(CodeText('标段（包）编号 (23)')),
    dealCode: Type.Optional(CodeText('统一交易标识码 (40)')),
    ...EventFields,
    project: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 600 }),
          regionCode: Type.String({ pattern: '^\\d{6}$' }),
          category: ProjectCategorySchema,
          contractKind: Type.Optional(ContractKindSchema),
          fundingSource: FundingSourceSchema,
          estimatedAmount: Amount,
        },
        { additionalProperties: false, description: 'On approval events: the facts that decide whether the project must trade on the platform' },
      ),
    ),
  },
  { additionalProperties: false, title: 'DepartmentLifecycleEvent' },
);

export const ManualEventBody = Type.Object(
  {
    sectionCode: Type.Optional(CodeText('标段（包）编号 (23), for section-level events such as tradingCompleted')),
    ...EventFields,
    evidenceFileKeys: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false, title: 'ManualLifecycleEvent' },
);

export const LifecycleEventSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    stage: LifecycleStageSchema,
    kind: Type.String(),
    title: Type.String(),
    occurredOn: Type.String(),
    amount: Nullable(Type.String()),
    documentNumber: Nullable(Type.String()),
    source: Type.Enum(['platform', 'department', 'manual']),
    departmentCode: Nullable(Type.String()),
    departmentName: Nullable(Type.String()),
    recordedByName: Nullable(Type.String()),
    investProjectCode: Nullable(Type.String()),
    projectCode: Nullable(Type.String()),
    sectionCode: Nullable(Type.String()),
    dealCode: Nullable(Type.String()),
    evidenceFileKeys: Type.Array(Type.String()),
    resolved: Type.Boolean(),
    unresolvedReason: Nullable(Type.String()),
    recordedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'LifecycleEvent' },
);

export const AlertSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: AlertKindSchema,
    level: Type.Enum(['red', 'yellow']),
    projectId: Nullable(Type.String({ format: 'uuid' })),
    projectName: Nullable(Type.String()),
    investProjectCode: Nullable(Type.String()),
    dossierKey: Type.String(),
    regionCode: Nullable(Type.String()),
    departmentCode: Nullable(Type.String()),
    departmentName: Nullable(Type.String()),
    reason: Type.Record(Type.String(), Type.Unknown()),
    message: Type.String({ description: 'The reason in the request’s language' }),
    evidence: Type.Array(Type.Object({ eventId: Type.String(), stage: Type.String(), title: Type.String(), occurredOn: Type.String(), evidenceFileKeys: Type.Array(Type.String()) })),
    raisedAt: Type.String({ format: 'date-time' }),
    resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { title: 'LifecycleAlert' },
);

export const AlertListQuery = Type.Object({
  kind: Type.Optional(AlertKindSchema),
  regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  departmentCode: Type.Optional(Type.String({ maxLength: 60 })),
  includeResolved: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }),
});

const Count = Type.Object({ key: Nullable(Type.String()), count: Type.Integer() });
export const AlertSummarySchema = Type.Object(
  {
    total: Type.Integer(),
    byKind: Type.Array(Count),
    byRegion: Type.Array(Count, { description: 'prefecture-level region codes (county alerts count towards their prefecture)' }),
    byDepartment: Type.Array(Type.Object({ key: Nullable(Type.String()), name: Nullable(Type.String()), count: Type.Integer() })),
  },
  { title: 'LifecycleAlertSummary' },
);

export const TimelineSchema = Type.Object(
  {
    dossierKey: Type.String(),
    events: Type.Array(LifecycleEventSchema),
    alerts: Type.Array(AlertSchema),
    entryDeadline: Nullable(Type.String({ description: '应进未进 deadline: approval date + the catalogue’s working days' })),
    tradingFinishedOn: Nullable(Type.String()),
  },
  { title: 'ProjectTimeline' },
);

export const DepartmentClientBody = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{3,31}$', description: 'the account whose API tokens act for the department (holds the supervisor role)' }),
    departmentCode: Type.String({ pattern: '^[A-Za-z0-9_.-]{2,60}$' }),
    departmentKind: Type.Enum(DEPARTMENT_KINDS),
    departmentName: Type.String({ minLength: 2, maxLength: 100 }),
    regionCode: Type.String({ pattern: '^\\d{6}$' }),
  },
  { additionalProperties: false, title: 'DepartmentClientDraft' },
);

export const DepartmentClientSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    username: Type.String(),
    departmentCode: Type.String(),
    departmentKind: Type.String(),
    departmentName: Type.String(),
    regionCode: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { title: 'DepartmentClient' },
);

export const EventAcceptedSchema = Type.Object(
  {
    event: LifecycleEventSchema,
    alerts: Type.Array(AlertSchema, { description: 'open alerts of the dossier after this event' }),
  },
  { title: 'LifecycleEventRecorded' },
);
