import { ROLES } from '@ggzy/contracts';
import Type from 'typebox';

export const RoleSchema = Type.Enum(ROLES, { title: 'Role' });

export const ProfileSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    username: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(RoleSchema),
    entityName: Type.Union([Type.String(), Type.Null()]),
    regionCode: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'Profile' },
);

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const DemoAccountsSchema = Type.Object({
  items: Type.Array(Type.Object({ username: Type.String(), role: RoleSchema, displayName: Type.String() })),
  password: Type.String(),
});

export const CreateApiTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
  },
  { additionalProperties: false },
);

const ApiTokenFields = {
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
};

export const CreatedApiTokenSchema = Type.Object({
  ...ApiTokenFields,
  token: Type.String({ description: 'Shown once; send as `Authorization: Bearer <token>`' }),
});
export const ApiTokenListSchema = Type.Object({
  items: Type.Array(Type.Object({ ...ApiTokenFields, revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) })),
});
export const TokenIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
