import { checkCitizenId, checkUscc, isRole, maskCitizenId, type Role } from '@ggzy/contracts';
import { recordAudit } from '../../platform/audit/audit.js';
import { civilDateOf } from '../../platform/calendar/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/tables.js';
import { type Principal, type RequestContext } from '../../platform/http/access.js';
import type { EventBus } from '../../platform/module.js';
import type { IdentityDataKey } from './data-key.js';
import { type EntityKind, toEntityKind } from './domain/entity-kind.js';
import { passwordProblem, SELF_REGISTRABLE_ROLES } from './domain/second-factor.js';
import { identityError } from './identity.errors.js';
import { identityRepository } from './identity.repository.js';
import { hashPassword } from './identity.service.js';
import { registrationRepository as repo } from './registration.repository.js';

export interface EntityProfile {
  address?: string;
  legalRepresentative?: string;
  businessScope?: string;
  contacts: Array<{ name: string; phone: string; email?: string }>;
}

export interface RegistrationInput {
  entity: { kind: EntityKind; name: string; uscc?: string; citizenId?: string; regionCode: string; profile: EntityProfile };
  account: { username: string; password: string; displayName: string; roles: Role[]; phone?: string; email?: string };
}

const KIND_NAMES: Record<EntityKind, { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'enterprise' },
  publicInstitution: { zh: '事业单位', en: 'public institution' },
  otherOrganisation: { zh: '其他组织', en: 'organisation' },
  naturalPerson: { zh: '自然人', en: 'natural person' },
};

/**
 * Unified registration (统一注册): one registration per market entity for the whole province,
 * reviewed by trading-centre staff before the account works. Identifiers are validated with
 * messages that name the wrong character; a citizen id is kept sealed and shown masked.
 */
export function createRegistrationService(deps: { db: Executor; clock: Clock; events: EventBus; dataKey: () => Promise<IdentityDataKey> }) {
  const { db, clock } = deps;

  function normaliseIdentifiers(input: RegistrationInput['entity']): { uscc: string | null; citizenId: string | null } {
    const today = civilDateOf(clock.now());
    const kind = KIND_NAMES[input.kind];
    if (input.kind === 'naturalPerson') {
      const citizenId = input.citizenId?.trim().toUpperCase();
      if (!citizenId)
        throw identityError('IDENTIFIER_REQUIRED', { kindZh: kind.zh, kindEn: kind.en, whatZh: '身份证号码', whatEn: 'citizen ID number' });
      const problem = checkCitizenId(citizenId, today);
      if (problem?.kind === 'length') throw identityError('CITIZEN_ID_LENGTH', { length: problem.length });
      if (problem?.kind === 'character')
        throw identityError('CITIZEN_ID_CHARACTER', { position: problem.position, character: problem.character });
      if (problem?.kind === 'birthDate') throw identityError('CITIZEN_ID_BIRTH_DATE', { birthDate: problem.birthDate });
      if (problem?.kind === 'check') throw identityError('CITIZEN_ID_CHECK', { expected: problem.expected, actual: problem.actual });
      return { uscc: null, citizenId };
    }
    const uscc = input.uscc?.trim().toUpperCase();
    if (!uscc)
      throw identityError('IDENTIFIER_REQUIRED', {
        kindZh: kind.zh,
        kindEn: kind.en,
        whatZh: '统一社会信用代码',
        whatEn: 'Unified Social Credit Code',
      });
    const problem = checkUscc(uscc);
    if (problem?.kind === 'length') throw identityError('USCC_LENGTH', { length: problem.length });
    if (problem?.kind === 'character') throw identityError('USCC_CHARACTER', { position: problem.position, character: problem.character });
    if (problem?.kind === 'check') throw identityError('USCC_CHECK', { expected: problem.expected, actual: problem.actual });
    return { uscc, citizenId: null };
  }

  async function register(input: RegistrationInput, ctx: RequestContext) {
    const { uscc, citizenId } = normaliseIdentifiers(input.entity);
    const notAllowed = input.account.roles.find((role) => !SELF_REGISTRABLE_ROLES.includes(role));
    if (notAllowed) throw identityError('ROLE_NOT_SELF_REGISTRABLE', { role: notAllowed });
    if (passwordProblem(input.account.password)) throw identityError('PASSWORD_TOO_WEAK');
    const passwordHash = await hashPassword(input.account.password);
    const key = await deps.dataKey();
    const citizenHash = citizenId ? key.blindIndex(citizenId) : null;
    const now = clock.now();
    return db.transaction().execute(async (tx) => {
      if (uscc && (await repo.findEntityByUscc(tx, uscc)))
        throw identityError('ENTITY_ALREADY_REGISTERED', { whatZh: '统一社会信用代码', whatEn: 'Unified Social Credit Code' });
      if (citizenHash && (await repo.findEntityByCitizenHash(tx, citizenHash)))
        throw identityError('ENTITY_ALREADY_REGISTERED', { whatZh: '身份证号码', whatEn: 'citizen ID number' });
      if (await identityRepository.findUserByUsername(tx, input.account.username))
        throw identityError('USERNAME_TAKEN', { username: input.account.username });
      const entity = await repo.insertEntity(tx, {
        kind: input.entity.kind,
        name: input.entity.name.trim(),
        uscc,
        citizen_id_sealed: citizenId ? key.seal(citizenId) : null,
        citizen_id_hash: citizenHash,
        citizen_id_masked: citizenId ? maskCitizenId(citizenId) : null,
        region_code: input.entity.regionCode,
        status: 'pending',
        created_at: now,
      });
      await repo.insertProfileVersion(tx, {
        entity_id: entity.id,
        version: 1,
        profile: input.entity.profile,
        changed_by: null,
        changed_at: now,
      });
      await repo.setProfileVersion(tx, entity.id, 1);
      const user = await identityRepository.insertUser(tx, {
        username: input.account.username,
        display_name: input.account.displayName,
        password_hash: passwordHash,
        roles: input.account.roles,
        entity_id: entity.id,
        region_code: input.entity.regionCode,
        created_at: now,
      });
      await repo.setUserStatus(tx, user.id, 'pending');
      const registration = await repo.insertRegistration(tx, { entity_id: entity.id, user_id: user.id, submitted_at: now });
      await recordAudit(tx, {
        actorId: user.id,
        actorName: input.account.username,
        action: 'identity.registration.submit',
        target: `registration:${registration.id}`,
        outcome: 'success',
        ip: ctx.ip,
        detail: { entity: input.entity.name, kind: input.entity.kind, uscc, roles: input.account.roles },
        at: now,
      });
      await deps.events.publish(tx, 'identity.registration.submitted', { registrationId: registration.id, entityId: entity.id });
      return await getRegistration(tx, registration.id);
    });
  }

  async function listRegistrations(status: 'pending' | 'approved' | 'rejected' | undefined, limit: number) {
    const rows = await repo.listRegistrations(db, { ...(status ? { status } : {}), limit });
    return rows.map(toRegistration);
  }

  async function review(
    id: string,
    decision: { decision: 'approve' | 'reject'; reason?: string },
    reviewer: Principal,
    ctx: RequestContext,
  ) {
    const now = clock.now();
    return db.transaction().execute(async (tx) => {
      const registration = await repo.lockRegistration(tx, id);
      if (!registration) throw identityError('REGISTRATION_NOT_FOUND');
      if (registration.status !== 'pending') throw identityError('REGISTRATION_ALREADY_REVIEWED', { status: registration.status });
      const approved = decision.decision === 'approve';
      const reason = approved ? null : (decision.reason ?? '').trim();
      if (!approved && !reason) throw identityError('REJECTION_REASON_REQUIRED');
      const status = approved ? 'approved' : 'rejected';
      await repo.decideRegistration(tx, id, { status, reviewed_by: reviewer.userId, reviewed_at: now, reason });
      await repo.setEntityStatus(tx, registration.entity_id, status);
      await repo.setUserStatus(tx, registration.user_id, approved ? 'active' : 'rejected');
      await recordAudit(tx, {
        actorId: reviewer.userId,
        actorName: reviewer.username,
        action: `identity.registration.${decision.decision}`,
        target: `registration:${id}`,
        outcome: 'success',
        ip: ctx.ip,
        detail: reason ? { reason } : {},
        at: now,
      });
      await deps.events.publish(tx, `identity.registration.${status}`, {
        registrationId: id,
        entityId: registration.entity_id,
        userId: registration.user_id,
      });
      return getRegistration(tx, id);
    });
  }

  return { register, listRegistrations, getRegistration: (id: string) => getRegistration(db, id), review };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;

async function getRegistration(executor: Executor, id: string) {
  const [row] = await repo.listRegistrations(executor, { id, limit: 1 });
  if (!row) throw identityError('REGISTRATION_NOT_FOUND');
  return toRegistration(row);
}

type RegistrationRow = Awaited<ReturnType<typeof repo.listRegistrations>>[number];

function toRegistration(row: RegistrationRow) {
  return {
    id: row.id,
    status: toStatus(row.status),
    submittedAt: row.submitted_at.toISOString(),
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    reason: row.reason,
    entity: {
      id: row.entity_id,
      kind: toEntityKind(row.kind),
      name: row.name,
      uscc: row.uscc,
      citizenIdMasked: row.citizen_id_masked,
      regionCode: row.region_code,
    },
    account: { id: row.user_id, username: row.username, displayName: row.display_name, roles: row.roles.filter(isRole) },
  };
}

function toStatus(value: string): 'pending' | 'approved' | 'rejected' {
  return value === 'approved' || value === 'rejected' ? value : 'pending';
}
