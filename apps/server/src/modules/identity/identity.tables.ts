import type { Generated } from 'kysely';

export interface EntityTable {
  id: Generated<string>;
  kind: string;
  name: string;
  uscc: string | null;
  region_code: string | null;
  created_at: Date;
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

declare module '../../platform/db/tables.js' {
  interface Tables {
    'identity.entity': EntityTable;
    'identity.user': UserTable;
    'identity.session': SessionTable;
    'identity.api_token': ApiTokenTable;
  }
}
