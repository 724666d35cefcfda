import { workspacePaths } from '../workspace/paths';

/** Tender pages that are not menu items (the menu links to workspacePaths). */
export const tenderingPaths = {
  create: `${workspacePaths.myTenders}/new`,
  /** The workspace page of a tender: its owner, centre staff and supervisors (drafts too). */
  manage: (id: string) => `${workspacePaths.myTenders}/${encodeURIComponent(id)}`,
  /** The public announcement page the trading hall links to (`url` of the portal item). */
  public: (id: string) => `/tenders/${encodeURIComponent(id)}`,
};
