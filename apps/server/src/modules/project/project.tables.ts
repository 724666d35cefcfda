import type { ColumnType, Generated } from 'kysely';

/** jsonb: written as JSON text, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
/** date: read as 'YYYY-MM-DD' text (selected with ::text), written as text. */
type CivilDateColumn = ColumnType<string, string, string>;
/** numeric(18,2): a decimal string both ways. */
type Money = ColumnType<string, string, string>;

export interface CatalogueVersionTable {
  version: number;
  effective_from: CivilDateColumn;
  reason: string;
  entry_deadline_working_days: number;
  entries: Json<unknown>;
  created_by: string | null;
  created_at: Date;
}

export interface CodeCounterTable {
  scope: string;
  /** bigint: a string when read. */
  last_value: ColumnType<string, number, number>;
}

export interface ProjectTable {
  id: Generated<string>;
  project_code: string;
  code_scheme: string;
  invest_project_code: string | null;
  name: string;
  region_code: string;
  industry_code: string;
  category: string;
  contract_kind: string | null;
  funding_source: string;
  estimated_amount: Money;
  approval_kind: string;
  approval_document_number: string;
  approval_authority: string;
  approval_date: CivilDateColumn;
  tenderer_name: string;
  registered_by: string;
  registered_by_name: string;
  status: string;
  return_reasons: ColumnType<unknown, string | null, string | null>;
  must_enter: boolean;
  must_enter_decision: Json<unknown>;
  catalogue_version: number;
  submitted_at: Date;
  first_submitted_at: Date;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  created_at: Date;
}

export interface TenderProjectTable {
  id: Generated<string>;
  project_id: string;
  tender_project_code: string;
  sequence: number;
  name: string;
  created_at: Date;
}

export interface SectionTable {
  id: Generated<string>;
  project_id: string;
  tender_project_id: string;
  section_code: string;
  sequence: number;
  name: string;
  estimated_amount: Money;
  round: number;
  deal_code: string;
  withdrawn_at: Date | null;
  created_at: Date;
}

export interface DealCodeTable {
  deal_code: string;
  section_id: string;
  round: number;
  assigned_at: Date;
}

export interface DepartmentClientTable {
  id: Generated<string>;
  username: string;
  department_code: string;
  department_kind: string;
  department_name: string;
  region_code: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface LifecycleEventTable {
  id: Generated<string>;
  dossier_key: string;
  invest_project_code: string | null;
  project_id: string | null;
  project_code: string | null;
  section_code: string | null;
  deal_code: string | null;
  stage: string;
  kind: string;
  title: string;
  occurred_on: CivilDateColumn;
  amount: ColumnType<string | null, string | null, string | null>;
  document_number: string | null;
  source: string;
  department_code: string | null;
  department_name: string | null;
  region_code: string | null;
  recorded_by: string | null;
  recorded_by_name: string | null;
  evidence_file_keys: Json<unknown>;
  detail: Json<unknown>;
  resolved: boolean;
  unresolved_reason: string | null;
  unresolved_code: string | null;
  recorded_at: Date;
}

export interface LifecycleAlertTable {
  id: Generated<string>;
  dossier_key: string;
  kind: string;
  subject: string;
  level: string;
  project_id: string | null;
  invest_project_code: string | null;
  project_name: string | null;
  region_code: string | null;
  department_code: string | null;
  department_name: string | null;
  reason: Json<unknown>;
  evidence: Json<unknown>;
  raised_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    'project.catalogue_version': CatalogueVersionTable;
    'project.code_counter': CodeCounterTable;
    'project.project': ProjectTable;
    'project.tender_project': TenderProjectTable;
    'project.section': SectionTable;
    'project.deal_code': DealCodeTable;
    'project.department_client': DepartmentClientTable;
    'project.lifecycle_event': LifecycleEventTable;
    'project.lifecycle_alert': LifecycleAlertTable;
  }
}
