import type { Executor } from '../../platform/db/tables.js';
import type { Candidate } from './domain/candidates.js';

/** The locked, signed committee report of one section, as the award needs it. */
export interface SignedReport {
  tenderId: string;
  sectionCode: string;
  /** Ranked candidates (条例 53: at most 3). */
  candidates: Candidate[];
  /** When the tenderer received the report (E49 counts from here; G15 too). */
  reportedAt: Date;
  /** SM3 of the signed report, and its transparency-log index when logged. */
  reportSm3: string;
  logIndex: number | null;
}

/** Where signed evaluation reports come from: the evaluation module's `findSignedReport` (wired in index.ts). */
export interface SignedReportSource {
  findSignedReport(db: Executor, tenderId: string, sectionCode: string): Promise<SignedReport | undefined>;
}

export interface AwardPorts {
  reports: SignedReportSource;
}
