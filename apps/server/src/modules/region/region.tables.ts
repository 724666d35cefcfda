export interface RegionTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'region.region': RegionTable;
  }
}
