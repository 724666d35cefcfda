import type { Generated } from 'kysely';

/**
 * The trading hall's read model of published announcements. Trading modules publish into it
 * (through events) when a notice is approved; the portal only reads.
 */
export interface AnnouncementTable {
  id: Generated<string>;
  title: string;
  category: string;
  region_code: string;
  published_at: Date;
  url: string;
  source: string;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'portal.announcement': AnnouncementTable;
  }
}
