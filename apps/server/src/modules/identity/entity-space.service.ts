import { recordAudit } from '../../platform/audit/audit.js';
import { civilDateOf } from '../../platform/calendar/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/tables.js';
import { type Principal, type RequestContext } from '../../platform/http/access.js';
import { toEntityKind } from './domain/entity-kind.js';
import { identityError } from './identity.errors.js';
import type { EntityProfile } from './registration.service.js';
import { registrationRepository as repo } from './registration.repository.js';

export interface QualificationInput {
  type: string;
  level?: string;
  certificateNo: string;
  issuer: string;
  validFrom?: string;
  validUntil?: string;
}

/**
 * The seed of the enterprise digital space (企业数字空间): the entity's profile, kept as
 * versions (every change is a new version, nothing is overwritten), and its qualifications
 * with expiry dates.
 */
export function createEntitySpaceService(deps: { db: Executor; clock: Clock }) {
  const { db, clock } = deps;

  async function entityOf(principal: Principal, executor: Executor = db) {
    const entity = await repo.findEntityOfUser(executor, principal.userId);
    if (!entity) throw identityError('ENTITY_NOT_FOUND');
    return entity;
  }

  async function mySpace(principal: Principal) {
    const entity = await entityOf(principal);
    const today = civilDateOf(clock.now());
    const qualifications = await repo.listQualifications(db, entity.id);
    return {
      id: entity.id,
      kind: toEntityKind(entity.kind),
      name: entity.name,
      uscc: entity.uscc,
      citizenIdMasked: entity.citizen_id_masked,
      regionCode: entity.region_code,
      status: entity.status,
      profileVersion: entity.profile_version,
      profile: (entity.profile ?? null) as EntityProfile | null,
      qualifications: qualifications.map((q) => ({
        id: q.id,
        type: q.type,
        level: q.level,
        certificateNo: q.certificate_no,
        issuer: q.issuer,
        validFrom: q.valid_from,
        validUntil: q.valid_until,
        expired: q.valid_until !== null && q.valid_until < today,
      })),
    };
  }

  async function updateProfile(principal: Principal, profile: EntityProfile, ctx: RequestContext) {
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const entity = await entityOf(principal, tx);
      const version = entity.profile_version + 1;
      await repo.insertProfileVersion(tx, { entity_id: entity.id, version, profile, changed_by: principal.userId, changed_at: now });
      await repo.setProfileVersion(tx, entity.id, version);
      await recordAudit(tx, {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'identity.entity.profile.update',
        target: `entity:${entity.id}`,
        outcome: 'success',
        ip: ctx.ip,
        detail: { version },
        at: now,
      });
    });
    return mySpace(principal);
  }

  async function profileVersions(principal: Principal) {
    const entity = await entityOf(principal);
    const rows = await repo.listProfileVersions(db, entity.id);
    return rows.map((r) => ({
      version: r.version,
      profile: r.profile as EntityProfile,
      changedBy: r.changed_by,
      changedAt: r.changed_at.toISOString(),
    }));
  }

  async function addQualification(principal: Principal, input: QualificationInput, ctx: RequestContext) {
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const entity = await entityOf(principal, tx);
      const { id } = await repo.insertQualification(tx, {
        entity_id: entity.id,
        type: input.type,
        level: input.level ?? null,
        certificate_no: input.certificateNo,
        issuer: input.issuer,
        valid_from: input.validFrom ?? null,
        valid_until: input.validUntil ?? null,
        created_at: now,
      });
      await recordAudit(tx, {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'identity.qualification.add',
        target: `qualification:${id}`,
        outcome: 'success',
        ip: ctx.ip,
        detail: { type: input.type, certificateNo: input.certificateNo },
        at: now,
      });
    });
    return mySpace(principal);
  }

  async function removeQualification(principal: Principal, id: string, ctx: RequestContext) {
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const entity = await entityOf(principal, tx);
      const result = await repo.deleteQualification(tx, entity.id, id);
      if (result.numDeletedRows === 0n) throw identityError('QUALIFICATION_NOT_FOUND');
      await recordAudit(tx, {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'identity.qualification.remove',
        target: `qualification:${id}`,
        outcome: 'success',
        ip: ctx.ip,
        at: now,
      });
    });
    return mySpace(principal);
  }

  return { mySpace, updateProfile, profileVersions, addQualification, removeQualification };
}

export type EntitySpaceService = ReturnType<typeof createEntitySpaceService>;
