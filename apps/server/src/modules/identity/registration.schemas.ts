import Type from 'typebox';
import { ENTITY_KINDS } from './domain/entity-kind.js';
import { RoleSchema } from './identity.schemas.js';

export const EntityKindSchema = Type.Enum(ENTITY_KINDS, { title: 'EntityKind' });

const Contact = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 50 }),
  phone: Type.String({ pattern: '^[0-9+\\-\\s]{7,20}$' }),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
});

export const ProfileBody = Type.Object(
  {
    address: Type.Optional(Type.String({ maxLength: 200 })),
    legalRepresentative: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    businessScope: Type.Optional(Type.String({ maxLength: 2000 })),
    contacts: Type.Array(Contact, { minItems: 1, maxItems: 10 }),
  },
  { additionalProperties: false, title: 'EntityProfile' },
);

export const RegistrationBody = Type.Object(
  {
    entity: Type.Object(
      {
        kind: EntityKindSchema,
        name: Type.String({ minLength: 2, maxLength: 100 }),
        uscc: Type.Optional(Type.String({ description: '统一社会信用代码 (organisations)' })),
        citizenId: Type.Optional(Type.String({ description: '居民身份证号码 (natural persons); stored encrypted, shown masked' })),
        regionCode: Type.String({ pattern: '^\\d{6}$' }),
        profile: ProfileBody,
      },
      { additionalProperties: false },
    ),
    account: Type.Object(
      {
        username: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{3,31}$', description: '4–32 characters, starting with a letter' }),
        password: Type.String({ minLength: 1, maxLength: 256 }),
        displayName: Type.String({ minLength: 1, maxLength: 50 }),
        roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
        phone: Type.Optional(Type.String({ pattern: '^[0-9+\\-\\s]{7,20}$' })),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const RegistrationSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: Type.Enum(['pending', 'approved', 'rejected']),
    submittedAt: Type.String({ format: 'date-time' }),
    reviewedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
    entity: Type.Object({
      id: Type.String({ format: 'uuid' }),
      kind: EntityKindSchema,
      name: Type.String(),
      uscc: Type.Union([Type.String(), Type.Null()]),
      citizenIdMasked: Type.Union([Type.String(), Type.Null()]),
      regionCode: Type.Union([Type.String(), Type.Null()]),
    }),
    account: Type.Object({
      id: Type.String({ format: 'uuid' }),
      username: Type.String(),
      displayName: Type.String(),
      roles: Type.Array(RoleSchema),
    }),
  },
  { title: 'Registration' },
);

export const ReviewBody = Type.Object(
  {
    decision: Type.Enum(['approve', 'reject']),
    reason: Type.Optional(Type.String({ minLength: 2, maxLength: 500, description: 'Required when rejecting: shown to the applicant' })),
  },
  { additionalProperties: false },
);

export const QualificationBody = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. 建筑工程施工总承包' }),
    level: Type.Optional(Type.String({ maxLength: 50 })),
    certificateNo: Type.String({ minLength: 1, maxLength: 100 }),
    issuer: Type.String({ minLength: 1, maxLength: 100 }),
    validFrom: Type.Optional(Type.String({ format: 'date' })),
    validUntil: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false, title: 'QualificationInput' },
);

export const QualificationSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    type: Type.String(),
    level: Type.Union([Type.String(), Type.Null()]),
    certificateNo: Type.String(),
    issuer: Type.String(),
    validFrom: Type.Union([Type.String(), Type.Null()]),
    validUntil: Type.Union([Type.String(), Type.Null()]),
    expired: Type.Boolean(),
  },
  { title: 'Qualification' },
);

export const EntitySpaceSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: EntityKindSchema,
    name: Type.String(),
    uscc: Type.Union([Type.String(), Type.Null()]),
    citizenIdMasked: Type.Union([Type.String(), Type.Null()]),
    regionCode: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
    profileVersion: Type.Integer(),
    profile: Type.Union([ProfileBody, Type.Null()]),
    qualifications: Type.Array(QualificationSchema),
  },
  { title: 'EntitySpace' },
);

export const ProfileVersionSchema = Type.Object({
  version: Type.Integer(),
  profile: ProfileBody,
  changedBy: Type.Union([Type.String(), Type.Null()]),
  changedAt: Type.String({ format: 'date-time' }),
});
