import { sql } from 'kysely';
import { sm2, sm3Hex } from '../../platform/crypto/gm/index.js';
import type { Executor } from '../../platform/db/tables.js';
import { type HolderCertificateSource, sm2PublicKeyOf, usableHolderCertificates } from '../certificate/index.js';
import { tenderingError } from './tendering.errors.js';
import './tendering.tables.js';

/**
 * Who may hold an opening-key share (security.md §2.2 point 2: tenderer, agency, supervisor,
 * platform, an independent custodian). Candidates for a tender are the active users who hold a
 * usable SM2 certificate and are either the tender's owner or hold one of these roles, province-wide
 * (one platform for the province: agencies and supervisors act across regions). Nobody who holds
 * the bidder role may hold a share of the key that guards the bids — decided by role, not by who
 * obtained the documents, which stays confidential (法 22) even from the staff running the ceremony;
 * and a share holder may not obtain the documents (tendering.service registerForDocuments). Other
 * custodians (an independent one) join by an offline key, under the same bidder rule.
 */
export const CUSTODIAN_ROLES = ['agency', 'supervisor', 'centreStaff', 'admin'] as const;
const BIDDER_ROLE = 'bidder';
/** Enough for a province's centre staff, supervisors and agencies that hold SM2 certificates. */
const MAX_CANDIDATE_ROWS = 500;

export type CustodianRelation = 'owner' | (typeof CUSTODIAN_ROLES)[number];

export interface CustodianKey {
  userId: string;
  displayName: string;
  roles: string[];
  publicKey: string;
  fingerprint: string;
  certificateSerial: string;
  certificateSource: HolderCertificateSource;
}

/** The SM3 of the uncompressed point 04‖x‖y: what people compare to check a custodian's key. */
export function keyFingerprint(publicKey: string): string {
  return sm3Hex(Buffer.from(publicKey, 'hex'));
}

interface CertificateRow {
  user_id: string;
  display_name: string;
  roles: string[];
  serial: string | null;
  certificate_der: Buffer | null;
  source: HolderCertificateSource | null;
}

/** Per user, the first row (rows come in order of preference) whose certificate carries an SM2 key. */
function bestKeys<R extends CertificateRow>(rows: R[]): Map<string, { row: R; key: CustodianKey | undefined }> {
  const byUser = new Map<string, { row: R; key: CustodianKey | undefined }>();
  for (const row of rows) {
    const seen = byUser.get(row.user_id);
    if (seen?.key) continue;
    const publicKey = row.certificate_der ? sm2PublicKeyOf(row.certificate_der) : undefined;
    const key =
      publicKey && row.serial && row.source
        ? { userId: row.user_id, displayName: row.display_name, roles: row.roles, publicKey, fingerprint: keyFingerprint(publicKey), certificateSerial: row.serial, certificateSource: row.source }
        : undefined;
    byUser.set(row.user_id, { row, key });
  }
  return byUser;
}

/** The candidate custodians of a tender with their certificate keys, in one query: owner first, then by role and name. */
export async function custodianCandidates(db: Executor, tenderId: string, now: Date): Promise<Array<CustodianKey & { relation: CustodianRelation }>> {
  const rows = await db
    .with('cert', (qc) => usableHolderCertificates(qc, now))
    .selectFrom('tendering.tender as t')
    .innerJoin('identity.user as u', (join) => join.on((eb) => eb.or([eb('u.id', '=', eb.ref('t.owner_id')), eb(sql`u.roles`, '&&', sql`${sql.val([...CUSTODIAN_ROLES])}::text[]`)])))
    .innerJoin('cert as c', 'c.user_id', 'u.id')
    .select(['u.id as user_id', 'u.display_name', 'u.roles', 'c.serial', 'c.certificate_der', 'c.source', sql<boolean>`u.id = t.owner_id`.as('is_owner')])
    .where('t.id', '=', tenderId)
    .where('u.status', '=', 'active')
    .where(({ not }) => not(sql<boolean>`u.roles && ${sql.val([BIDDER_ROLE])}::text[]`))
    .orderBy('u.id')
    .orderBy('c.preference')
    .orderBy('c.since', 'desc')
    .limit(MAX_CANDIDATE_ROWS)
    .execute();
  const candidates = [...bestKeys(rows).values()].flatMap(({ row, key }) => (key ? [{ ...key, relation: relationOf(row.is_owner, row.roles) }] : []));
  const rank = (r: CustodianRelation) => (r === 'owner' ? -1 : CUSTODIAN_ROLES.indexOf(r));
  return candidates.toSorted((a, b) => rank(a.relation) - rank(b.relation) || a.displayName.localeCompare(b.displayName, 'zh-CN'));
}

function relationOf(isOwner: boolean, roles: readonly string[]): CustodianRelation {
  if (isOwner) return 'owner';
  return CUSTODIAN_ROLES.find((r) => roles.includes(r)) ?? 'admin';
}

/**
 * The named users with, for each, the key of their best usable SM2 certificate (undefined when they
 * hold none); users that do not exist or are not active are absent. One query.
 */
export async function custodianUsers(db: Executor, userIds: readonly string[], now: Date) {
  if (userIds.length === 0) return new Map<string, { displayName: string; roles: string[]; key: CustodianKey | undefined }>();
  const rows = await db
    .with('cert', (qc) => usableHolderCertificates(qc, now))
    .selectFrom('identity.user as u')
    .leftJoin('cert as c', 'c.user_id', 'u.id')
    .select(['u.id as user_id', 'u.display_name', 'u.roles', 'c.serial', 'c.certificate_der', 'c.source'])
    .where('u.id', 'in', [...userIds])
    .where('u.status', '=', 'active')
    .orderBy('u.id')
    .orderBy('c.preference')
    .orderBy('c.since', 'desc')
    .execute();
  return new Map([...bestKeys(rows).entries()].map(([id, { row, key }]) => [id, { displayName: row.display_name, roles: row.roles, key }]));
}

/**
 * Each custodian's key: the offline key given, or their usable SM2 certificate's. Refuses unknown
 * users and bidders; a certificate key only for the tender's owner and the custodian roles (the
 * candidates), an offline key also for an independent custodian.
 */
export async function resolveCustodians(tx: Executor, ownerId: string, requested: ReadonlyArray<{ userId: string; publicKey?: string }>, now: Date) {
  const users = await custodianUsers(tx, requested.map((c) => c.userId), now);
  return requested.map((c) => {
    const user = users.get(c.userId);
    if (!user) throw tenderingError('CUSTODIAN_NOT_FOUND', { userId: c.userId });
    if (user.roles.includes(BIDDER_ROLE)) throw tenderingError('CUSTODIAN_IS_BIDDER', { name: user.displayName });
    if (c.publicKey !== undefined) {
      let publicKey: string;
      try {
        publicKey = sm2.normalisePublicKey(c.publicKey);
      } catch {
        throw tenderingError('CUSTODIAN_KEY_INVALID', { name: user.displayName });
      }
      return { userId: c.userId, displayName: user.displayName, publicKey, fingerprint: keyFingerprint(publicKey), keySource: 'offline' as const, certificateSerial: null };
    }
    if (c.userId !== ownerId && !CUSTODIAN_ROLES.some((role) => user.roles.includes(role))) throw tenderingError('CUSTODIAN_NOT_ELIGIBLE', { name: user.displayName });
    if (!user.key) throw tenderingError('CUSTODIAN_NO_CERTIFICATE', { name: user.displayName });
    const { publicKey, fingerprint, certificateSource, certificateSerial } = user.key;
    return { userId: c.userId, displayName: user.displayName, publicKey, fingerprint, keySource: certificateSource, certificateSerial };
  });
}
