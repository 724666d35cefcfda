import { type QueryCreator, sql } from 'kysely';
import type { Tables } from '../../platform/db/tables.js';
import { CertificateFormatError, parseCertificate } from './x509/x509.js';
import './certificate.tables.js';

export type HolderCertificateSource = 'platform' | 'bound';

/**
 * For other modules that encrypt a secret to a user's certificate key (the opening-key custodians):
 * every certificate usable for that *now*, as a query to join on `user_id` (indexes issued_by_user
 * and binding_by_user). Platform-issued: SM2, not revoked, within its validity. Bound foreign
 * certificates: not removed, not expired (their chain was checked at binding; a foreign CA's
 * revocation is not known here); their algorithm is only known once parsed: `sm2PublicKeyOf`.
 * `preference`: an encryption certificate (GM/T 0015) first, then signing, then bound ones.
 */
export function usableHolderCertificates(qc: QueryCreator<Tables>, now: Date) {
  return qc
    .selectFrom('certificate.issued')
    .select([
      'user_id',
      'serial',
      'certificate_der',
      sql<HolderCertificateSource>`'platform'::text`.as('source'),
      sql<number>`case when purpose = 'encryption' then 0 else 1 end`.as('preference'),
      'issued_at as since',
    ])
    .where('algorithm', '=', 'SM2')
    .where('revoked_at', 'is', null)
    .where('not_before', '<=', now)
    .where('not_after', '>', now)
    .unionAll(
      qc
        .selectFrom('certificate.binding')
        .select(['user_id', 'serial', 'certificate_der', sql<HolderCertificateSource>`'bound'::text`.as('source'), sql<number>`2`.as('preference'), 'created_at as since'])
        .where('removed_at', 'is', null)
        .where('not_after', '>', now),
    );
}

/** The SM2 public key (04‖x‖y, lower-case hex) a certificate carries; undefined for other keys or unreadable DER. */
export function sm2PublicKeyOf(der: Uint8Array): string | undefined {
  try {
    const { publicKey } = parseCertificate(der);
    return publicKey.algorithm === 'SM2' ? Buffer.from(publicKey.point).toString('hex') : undefined;
  } catch (error) {
    if (error instanceof CertificateFormatError) return undefined;
    throw error;
  }
}
