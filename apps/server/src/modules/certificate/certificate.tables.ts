import type { Generated } from 'kysely';

/** The platform CA's own root certificates, one per algorithm ('sm2', 'p256'). */
export interface AuthorityTable {
  ca: string;
  certificate_der: Buffer;
  fingerprint: string;
  created_at: Date;
}

/** Every certificate the platform CA issued, with its holder and revocation state. */
export interface IssuedTable {
  /** Insertion order, for keyset paging (int8 comes back as a string). */
  id: Generated<string>;
  /** Unsigned lower-case hex. */
  serial: string;
  ca: string;
  user_id: string;
  purpose: string;
  algorithm: string;
  subject: string;
  /** SHA-256 of the DER, lower-case hex. */
  fingerprint: string;
  certificate_der: Buffer;
  not_before: Date;
  not_after: Date;
  issued_at: Date;
  revoked_at: Date | null;
  revocation_reason: string | null;
  revoked_by: string | null;
}

/** Foreign CA roots an administrator recognises (mutual recognition). */
export interface TrustedRootTable {
  id: Generated<string>;
  name: string;
  subject: string;
  algorithm: string;
  fingerprint: string;
  certificate_der: Buffer;
  not_before: Date;
  not_after: Date;
  added_by: string;
  added_at: Date;
  removed_by: string | null;
  removed_at: Date | null;
}

/** One row: bumped with every trust change, so every node sees a change at its next check. */
export interface TrustStateTable {
  id: number;
  generation: string;
}

/** A foreign certificate a user bound to their account (proved by a signature while signed in). */
export interface BindingTable {
  id: Generated<string>;
  user_id: string;
  fingerprint: string;
  subject: string;
  issuer: string;
  serial: string;
  certificate_der: Buffer;
  not_after: Date;
  created_at: Date;
  removed_at: Date | null;
}

/** Single-use sign-in / binding challenges. */
export interface ChallengeTable {
  nonce: string;
  purpose: string;
  expires_at: Date;
  created_at: Date;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'certificate.authority': AuthorityTable;
    'certificate.issued': IssuedTable;
    'certificate.trusted_root': TrustedRootTable;
    'certificate.trust_state': TrustStateTable;
    'certificate.binding': BindingTable;
    'certificate.challenge': ChallengeTable;
  }
}
