import Type from 'typebox';
import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import type { AdministrationService } from './administration.service.js';
import type { EntitySpaceService } from './entity-space.service.js';
import { RoleSchema } from './identity.schemas.js';
import type { RegistrationService } from './registration.service.js';
import {
  EntitySpaceSchema,
  ProfileBody,
  ProfileVersionSchema,
  QualificationBody,
  RegistrationBody,
  RegistrationSchema,
  ReviewBody,
} from './registration.schemas.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const reviewers = { roles: ['centreStaff', 'admin'] } as const;
const admins = { roles: ['admin'] } as const;

export function registrationRoutes(
  services: { registration: RegistrationService; administration: AdministrationService; entitySpace: EntitySpaceService },
  deps: PlatformDeps,
) {
  const { registration, administration, entitySpace } = services;
  return (app: App) => {
    const tags = ['registration'];
    app.post(
      '/registrations',
      {
        config: { access: 'public', rateLimit: { max: deps.config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Register a market entity and its first account (统一注册); reviewed before the account works',
          body: RegistrationBody,
          response: { 201: RegistrationSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await registration.register(request.body, ctx(request))),
    );
    app.get(
      '/registrations',
      {
        config: { access: reviewers },
        schema: {
          tags,
          summary: 'Registration review queue (pending: oldest first)',
          querystring: Type.Object({
            status: Type.Optional(Type.Enum(['pending', 'approved', 'rejected'])),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          }),
          response: { 200: Type.Object({ items: Type.Array(RegistrationSchema) }) },
        },
      },
      async (request) => ({ items: await registration.listRegistrations(request.query.status, request.query.limit) }),
    );
    app.get(
      '/registrations/:id',
      {
        config: { access: reviewers },
        schema: { tags, summary: 'One registration', params: IdParams, response: { 200: RegistrationSchema } },
      },
      async (request) => registration.getRegistration(request.params.id),
    );
    app.post(
      '/registrations/:id/review',
      {
        config: { access: reviewers },
        schema: {
          tags,
          summary: 'Approve or reject (with a reason) a pending registration',
          params: IdParams,
          body: ReviewBody,
          response: { 200: RegistrationSchema },
        },
      },
      async (request) => registration.review(request.params.id, request.body, requirePrincipal(request), ctx(request)),
    );

    const userTags = ['users'];
    const UserSchema = Type.Object(
      {
        id: Type.String({ format: 'uuid' }),
        username: Type.String(),
        displayName: Type.String(),
        roles: Type.Array(RoleSchema),
        status: Type.String(),
        regionCode: Type.Union([Type.String(), Type.Null()]),
        entityName: Type.Union([Type.String(), Type.Null()]),
        secondFactorEnrolled: Type.Boolean(),
        lockedUntil: Type.Union([Type.String(), Type.Null()]),
        createdAt: Type.String({ format: 'date-time' }),
      },
      { title: 'UserAccount' },
    );
    app.get(
      '/users',
      {
        config: { access: admins },
        schema: {
          tags: userTags,
          summary: 'Accounts, newest first',
          querystring: Type.Object({
            status: Type.Optional(Type.Enum(['pending', 'active', 'suspended', 'rejected'])),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          }),
          response: { 200: Type.Object({ items: Type.Array(UserSchema) }) },
        },
      },
      async (request) => ({ items: await administration.listUsers(request.query.status, request.query.limit) }),
    );
    app.post(
      '/users',
      {
        config: { access: admins },
        schema: {
          tags: userTags,
          summary: 'Create an internal account (staff, supervisor, administrator…)',
          body: Type.Object(
            {
              username: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{3,31}$' }),
              displayName: Type.String({ minLength: 1, maxLength: 50 }),
              password: Type.String({ minLength: 1, maxLength: 256 }),
              roles: Type.Array(RoleSchema, { minItems: 1, uniqueItems: true }),
              regionCode: Type.String({ pattern: '^\\d{6}$' }),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await administration.createInternalUser(requirePrincipal(request), request.body, ctx(request))),
    );
    for (const [path, action, summary] of [
      ['suspend', administration.suspend, 'Suspend an account (its sessions end at once)'],
      ['activate', administration.activate, 'Reactivate a suspended account'],
      ['reset-second-factor', administration.resetSecondFactor, 'Reset a lost authenticator: the user enrols a new one at next sign-in'],
    ] as const) {
      app.post(
        `/users/:id/${path}`,
        { config: { access: admins }, schema: { tags: userTags, summary, params: IdParams } },
        async (request, reply) => {
          await action(requirePrincipal(request), request.params.id, ctx(request));
          return reply.status(204).send();
        },
      );
    }

    const spaceTags = ['entity space'];
    const signedIn = 'authenticated' as const;
    app.get(
      '/entities/mine',
      {
        config: { access: signedIn },
        schema: {
          tags: spaceTags,
          summary: 'My entity: profile (current version) and qualifications',
          response: { 200: EntitySpaceSchema },
        },
      },
      async (request) => entitySpace.mySpace(requirePrincipal(request)),
    );
    app.put(
      '/entities/mine/profile',
      {
        config: { access: signedIn },
        schema: {
          tags: spaceTags,
          summary: 'Change my entity’s profile (kept as a new version)',
          body: ProfileBody,
          response: { 200: EntitySpaceSchema },
        },
      },
      async (request) => entitySpace.updateProfile(requirePrincipal(request), request.body, ctx(request)),
    );
    app.get(
      '/entities/mine/profile/versions',
      {
        config: { access: signedIn },
        schema: {
          tags: spaceTags,
          summary: 'Every version of my entity’s profile, newest first',
          response: { 200: Type.Object({ items: Type.Array(ProfileVersionSchema) }) },
        },
      },
      async (request) => ({ items: await entitySpace.profileVersions(requirePrincipal(request)) }),
    );
    app.post(
      '/entities/mine/qualifications',
      {
        config: { access: signedIn },
        schema: { tags: spaceTags, summary: 'Add a qualification record', body: QualificationBody, response: { 201: EntitySpaceSchema } },
      },
      async (request, reply) =>
        reply.status(201).send(await entitySpace.addQualification(requirePrincipal(request), request.body, ctx(request))),
    );
    app.delete(
      '/entities/mine/qualifications/:id',
      {
        config: { access: signedIn },
        schema: { tags: spaceTags, summary: 'Remove a qualification record', params: IdParams, response: { 200: EntitySpaceSchema } },
      },
      async (request) => entitySpace.removeQualification(requirePrincipal(request), request.params.id, ctx(request)),
    );
  };
}
