import type { Generated } from 'kysely';

export interface EntityTable {
  id: Generated<string>;
  kind: string;
  name: string;
  uscc: string | null;
  region_code: string | null;
  created_at: Date;
  status: Generated<string>;
  citizen_id_sealed: string | null;
  citizen_id_hash: string | null;
  citizen_id_masked: string | null;
  profile_version: Generated<number>;
}

export interface UserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  entity_id: string | null;
  region_code: string | null;
  status: string;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Date;
  totp_secret_sealed: string | null;
  totp_algorithm: string | null;
  totp_last_step: string | null;
  phone: string | null;
  email: string | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a database reader cannot replay sessions. */
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  name: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface EntityProfileTable {
  entity_id: string;
  version: number;
  profile: unknown;
  changed_by: string | null;
  changed_at: Date;
}

export interface QualificationTable {
  id: Generated<string>;
  entity_id: string;
  type: string;
  level: string | null;
  certificate_no: string;
  issuer: string;
  valid_from: string | null;
  valid_until: string | null;
  created_at: Date;
}

export interface RegistrationTable {
  id: Generated<string>;
  entity_id: string;
  user_id: string;
  status: string;
  submitted_at: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  reason: string | null;
}

export interface LoginChallengeTable {
  /** SHA-256 of the challenge token handed to the client. */
  id: string;
  user_id: string;
  purpose: 'verify' | 'enroll';
  pending_secret_sealed: string | null;
  attempts: Generated<number>;
  expires_at: Date;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'identity.entity': EntityTable;
    'identity.user': UserTable;
    'identity.session': SessionTable;
    'identity.api_token': ApiTokenTable;
    'identity.entity_profile': EntityProfileTable;
    'identity.qualification': QualificationTable;
    'identity.registration': RegistrationTable;
    'identity.login_challenge': LoginChallengeTable;
  }
}
