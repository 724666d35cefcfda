import type { Kysely, Transaction } from 'kysely';

/**
 * The database's table types. Each module adds its own tables by declaration merging:
 *
 *   declare module '../../platform/db/tables.js' {
 *     interface Tables { 'identity.user': UserTable }
 *   }
 *
 * so the kernel never imports a module, and every query is typed against the whole schema.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Tables {}

/** What repositories take: the database or an open transaction (services own transactions). */
export type Executor = Kysely<Tables>;
export type Tx = Transaction<Tables>;
