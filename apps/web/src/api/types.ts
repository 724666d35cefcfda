/**
 * API types. Everything the server describes comes from the types generated from its OpenAPI
 * document (`npm run openapi` → packages/contracts/src/api.d.ts), looked up by path and method,
 * so a route or schema change on the server breaks the web build instead of the page. Written by
 * hand here: only what the document does not describe (the error body, which every route shares
 * and the document leaves out; the UI locale).
 */
import type { paths } from '@ggzy/contracts/api';
import { ROLES, TRADE_CATEGORIES, type Role as ContractRole, type TradeCategory as ContractTradeCategory } from '@ggzy/contracts';

// ---------------------------------------------------------------------------------------------
// Lookup of generated types by path and method

export type Method = 'get' | 'post' | 'put' | 'delete';
/** The paths that have an operation for `M`. */
export type PathWith<M extends Method> = { [P in keyof paths]: paths[P] extends Record<M, object> ? P : never }[keyof paths];
type Operation<P extends keyof paths, M extends Method> = paths[P] extends Record<M, infer O> ? O : never;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : void;

/** The JSON body of the success answer (200, else 201; void for an answer without a body). */
export type ResponseOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? 200 extends keyof R
      ? JsonOf<R[200]>
      : 201 extends keyof R
        ? JsonOf<R[201]>
        : void
    : never;
/** The JSON request body. */
export type BodyOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
/** Query parameters; those with a server default (e.g. `limit`) are optional for the client. */
export type QueryOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? (Q extends object ? Partial<Q> : never) : never;
/** Path parameters (`{id}` in the path). */
export type ParamsOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { parameters: { path: infer A } } ? (A extends object ? A : never) : never;

type Item<T> = T extends { items: Array<infer I> } ? I : never;

// ---------------------------------------------------------------------------------------------
// Shared vocabulary (runtime lists from @ggzy/contracts, checked against the generated types)

/** Platform roles (domain glossary code identifiers), in canonical order. */
export const roles = ROLES;
export type Role = ContractRole;
export { isRole } from '@ggzy/contracts';

/** The five trade categories of the trading hall. */
export const tradeCategories = TRADE_CATEGORIES;
export type TradeCategory = ContractTradeCategory;

export type Locale = 'zh-CN' | 'en';

// ---------------------------------------------------------------------------------------------
// Identity

export type CurrentUser = ResponseOf<'/api/auth/me', 'get'>;
export type LoginRequest = BodyOf<'/api/auth/login', 'post'>;
export type LoginResponse = ResponseOf<'/api/auth/login', 'post'>;
/** The answer of POST /api/auth/login for roles that need a TOTP second factor. */
export type SecondFactorStep = Extract<LoginResponse, { secondFactor: unknown }>;
export type TotpAlgorithm = NonNullable<SecondFactorStep['secondFactor']['enrollment']>['algorithm'];
export type SecondFactorRequest = BodyOf<'/api/auth/login/second-factor', 'post'>;
export type DemoAccounts = ResponseOf<'/api/auth/demo-accounts', 'get'>;
export type DemoAccount = Item<DemoAccounts>;

export function isSecondFactorStep(response: LoginResponse): response is SecondFactorStep {
  return 'secondFactor' in response;
}

// ---------------------------------------------------------------------------------------------
// Regions and the trading hall

export type RegionList = ResponseOf<'/api/regions', 'get'>;
export type Region = ResponseOf<'/api/regions/{code}', 'get'>;
export type RegionLevel = Region['level'];
export type AnnouncementList = ResponseOf<'/api/portal/announcements', 'get'>;
export type Announcement = Item<AnnouncementList>;
export type AnnouncementQuery = QueryOf<'/api/portal/announcements', 'get'>;

// ---------------------------------------------------------------------------------------------
// Registration, accounts, entity space

export type RegistrationRequest = BodyOf<'/api/registrations', 'post'>;
export type Registration = ResponseOf<'/api/registrations/{id}', 'get'>;
export type RegistrationStatus = Registration['status'];
export type EntityKind = RegistrationRequest['entity']['kind'];
export type EntityProfile = RegistrationRequest['entity']['profile'];
export type Contact = EntityProfile['contacts'][number];
export type UserAccount = Item<ResponseOf<'/api/users', 'get'>>;
export type UserStatus = NonNullable<QueryOf<'/api/users', 'get'>['status']>;
export type NewInternalUser = BodyOf<'/api/users', 'post'>;
export type EntitySpace = ResponseOf<'/api/entities/mine', 'get'>;
export type Qualification = EntitySpace['qualifications'][number];
export type QualificationInput = BodyOf<'/api/entities/mine/qualifications', 'post'>;
export type ProfileVersion = Item<ResponseOf<'/api/entities/mine/profile/versions', 'get'>>;

/** The entity kinds, in the order the registration wizard offers them. */
export const entityKinds = [
  'enterprise',
  'publicInstitution',
  'otherOrganisation',
  'naturalPerson',
] as const satisfies readonly EntityKind[];

// ---------------------------------------------------------------------------------------------
// Certificates

export type MyCertificate = Item<ResponseOf<'/api/certificates', 'get'>>;
export type IssuedCertificate = ResponseOf<'/api/certificates', 'post'>;
export type CaCertificate = Item<ResponseOf<'/api/ca/certificates', 'get'>>;
export type CertificateStatus = MyCertificate['status'];
export type RevocationReason = BodyOf<'/api/certificates/{serial}/revoke', 'post'>['reason'];
export type CertificateChallenge = ResponseOf<'/api/auth/certificate/challenge', 'post'>;
export type CertificateLoginRequest = BodyOf<'/api/auth/certificate/login', 'post'>;
export type CertificateBinding = Item<ResponseOf<'/api/certificates/bindings', 'get'>>;
export type TrustedRoot = Item<ResponseOf<'/api/ca/trusted-roots', 'get'>>;
export type CaRoot = Item<ResponseOf<'/api/ca/roots', 'get'>>;

/** RFC 5280 reason codes the server accepts, in the order the revoke dialog lists them. */
export const revocationReasons = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
] as const satisfies readonly RevocationReason[];

// ---------------------------------------------------------------------------------------------
// Audit trail and transparency log

export type AuditEvent = Item<ResponseOf<'/api/audit/events', 'get'>>;
export type Checkpoint = ResponseOf<'/api/log/checkpoint', 'get'>;
export type LogKey = ResponseOf<'/api/log/key', 'get'>;
export type InclusionProof = ResponseOf<'/api/log/proofs/inclusion', 'get'>;
export type LogEntry = ResponseOf<'/api/log/entries/{index}', 'get'>;

// ---------------------------------------------------------------------------------------------
// Hand-written

/**
 * The error body of every non-2xx response (`{ code, message, details, requestId }`, one error
 * handler on the server). Hand-written: the OpenAPI document describes success answers only.
 */
export interface ErrorBody {
  code: string;
  /** Already localised by the server according to Accept-Language. */
  message: string;
  details?: unknown;
  requestId: string;
}

// Compile-time checks that the runtime lists match the generated unions exactly.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRoles: Same<Role, CurrentUser['roles'][number]> = true;
const sameCategories: Same<TradeCategory, Announcement['category']> = true;
const sameKinds: Same<(typeof entityKinds)[number], EntityKind> = true;
const sameReasons: Same<(typeof revocationReasons)[number], RevocationReason> = true;
void [sameRoles, sameCategories, sameKinds, sameReasons];
