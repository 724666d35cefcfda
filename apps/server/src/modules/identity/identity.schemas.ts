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

export const SecondFactorStepSchema = Type.Object(
  {
    secondFactor: Type.Object({
      challenge: Type.String({ description: 'Answer with POST /api/auth/login/second-factor within 5 minutes' }),
      enrollment: Type.Optional(
        Type.Object({
          secret: Type.String({ description: 'Base32 secret for the authenticator app' }),
          otpauthUri: Type.String(),
          algorithm: Type.Union([Type.Literal('SHA256'), Type.Literal('SM3'), Type.Literal('SHA1')]),
        }),
      ),
    }),
  },
  { title: 'SecondFactorStep' },
);

export const SecondFactorBody = Type.Object(
  { challenge: Type.String({ minLength: 10, maxLength: 100 }), code: Type.String({ pattern: '^\\d{6}$' }) },
  { additionalProperties: false },
);

export const DemoAccountsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      username: Type.String(),
      role: RoleSchema,
      displayName: Type.String(),
      totpSecret: Type.Optional(
        Type.String({ description: 'Demo only: the base32 authenticator secret of a user who needs a second factor' }),
      ),
      totpAlgorithm: Type.Optional(Type.String()),
    }),
  ),
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
