export interface FileTable {
  key: string;
  uploader_id: string;
  size: string;
  sm3: string;
  sha256: string;
  content_type: string | null;
  file_name: string | null;
  created_at: Date;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'files.file': FileTable;
  }
}
