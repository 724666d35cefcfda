import type { Role } from '../api/types';
import { roles } from '../api/types';
import { workspacePaths, type WorkspacePath } from './paths';

/**
 * The one place that says what each role sees in the workspace menu.
 * `ready: false` items are features of later milestones: they are shown disabled with a
 * "coming soon" tag and never link anywhere. A ready item links to one of `workspacePaths`,
 * the pages `router.tsx` declares (so the type system forbids a link to a missing page).
 */

export type NavItemKey =
  | 'dashboard'
  | 'account'
  | 'certificates'
  | 'entitySpace'
  | 'registrationReview'
  | 'userManagement'
  | 'certificateAdmin'
  | 'auditLog'
  | 'projectRegistration'
  | 'myProjects'
  | 'agencyRegistration'
  | 'tenderNotice'
  | 'awardResult'
  | 'agencyProjects'
  | 'tenderDocuments'
  | 'clarification'
  | 'bidManagement'
  | 'myGuarantees'
  | 'objections'
  | 'evaluationTasks'
  | 'avoidance'
  | 'entryReview'
  | 'openingHall'
  | 'expertDraw'
  | 'evaluationProgress'
  | 'evaluationRequests'
  | 'expertInvitations'
  | 'bidResults'
  | 'auctionAdmin'
  | 'myAuctions'
  | 'tenderReview'
  | 'findTenders'
  | 'venueBooking'
  | 'warningSupervision'
  | 'complaintHandling'
  | 'guaranteeBusiness'
  | 'procurementLoan'
  | 'systemConfiguration';

export type IconName =
  | 'dashboard'
  | 'user'
  | 'project'
  | 'notification'
  | 'trophy'
  | 'folder'
  | 'file'
  | 'question'
  | 'send'
  | 'safety'
  | 'warning'
  | 'audit'
  | 'stop'
  | 'check'
  | 'video'
  | 'calendar'
  | 'alert'
  | 'message'
  | 'bank'
  | 'money'
  | 'team'
  | 'setting'
  | 'certificate'
  | 'bankBuilding'
  | 'solution'
  | 'history';

export type NavItem =
  | { key: NavItemKey; icon: IconName; ready: true; path: WorkspacePath; /** Shown only to users linked to a market entity. */ needsEntity?: boolean }
  | { key: NavItemKey; icon: IconName; ready: false };

/** Items every signed-in user has, whatever the role (entity items only with an entity). */
export const commonNavItems: readonly NavItem[] = [
  { key: 'dashboard', icon: 'dashboard', ready: true, path: workspacePaths.dashboard },
  { key: 'account', icon: 'user', ready: true, path: workspacePaths.account },
  { key: 'entitySpace', icon: 'bankBuilding', ready: true, path: workspacePaths.entitySpace, needsEntity: true },
  { key: 'certificates', icon: 'certificate', ready: true, path: workspacePaths.certificates },
];

export const roleNavItems: Readonly<Record<Role, readonly NavItem[]>> = {
  tenderer: [
    { key: 'projectRegistration', icon: 'project', ready: true, path: workspacePaths.projectRegistration },
    { key: 'myProjects', icon: 'folder', ready: true, path: workspacePaths.myProjects },
    { key: 'tenderNotice', icon: 'notification', ready: true, path: workspacePaths.myTenders },
    { key: 'awardResult', icon: 'trophy', ready: true, path: workspacePaths.awards },
    { key: 'clarification', icon: 'question', ready: false },
  ],
  agency: [
    { key: 'agencyRegistration', icon: 'project', ready: true, path: workspacePaths.projectRegistration },
    { key: 'agencyProjects', icon: 'folder', ready: true, path: workspacePaths.myProjects },
    { key: 'tenderNotice', icon: 'notification', ready: true, path: workspacePaths.myTenders },
    { key: 'awardResult', icon: 'trophy', ready: true, path: workspacePaths.awards },
    { key: 'tenderDocuments', icon: 'file', ready: false },
    { key: 'clarification', icon: 'question', ready: false },
  ],
  bidder: [
    { key: 'findTenders', icon: 'notification', ready: true, path: workspacePaths.findTenders },
    { key: 'bidManagement', icon: 'send', ready: true, path: workspacePaths.bidManagement },
    { key: 'myAuctions', icon: 'trophy', ready: true, path: workspacePaths.myAuctions },
    { key: 'evaluationRequests', icon: 'question', ready: true, path: workspacePaths.evaluationRequests },
    { key: 'bidResults', icon: 'trophy', ready: true, path: workspacePaths.awards },
    { key: 'myGuarantees', icon: 'safety', ready: false },
    { key: 'objections', icon: 'warning', ready: false },
  ],
  expert: [
    { key: 'expertInvitations', icon: 'notification', ready: true, path: workspacePaths.expertInvitations },
    { key: 'evaluationTasks', icon: 'audit', ready: true, path: workspacePaths.evaluations },
    { key: 'avoidance', icon: 'stop', ready: false },
  ],
  centreStaff: [
    { key: 'registrationReview', icon: 'solution', ready: true, path: workspacePaths.registrationReview },
    { key: 'certificateAdmin', icon: 'safety', ready: true, path: workspacePaths.certificateAdmin },
    { key: 'entryReview', icon: 'check', ready: true, path: workspacePaths.projectReview },
    { key: 'tenderReview', icon: 'audit', ready: true, path: workspacePaths.tenderReview },
    { key: 'auctionAdmin', icon: 'calendar', ready: true, path: workspacePaths.auctionAdmin },
    { key: 'openingHall', icon: 'video', ready: true, path: workspacePaths.openingHall },
    { key: 'expertDraw', icon: 'team', ready: true, path: workspacePaths.expertDraws },
    { key: 'evaluationProgress', icon: 'audit', ready: true, path: workspacePaths.evaluations },
    { key: 'venueBooking', icon: 'calendar', ready: false },
  ],
  supervisor: [
    { key: 'auditLog', icon: 'history', ready: true, path: workspacePaths.auditLog },
    { key: 'openingHall', icon: 'video', ready: true, path: workspacePaths.openingHall },
    { key: 'warningSupervision', icon: 'alert', ready: true, path: workspacePaths.lifecycleAlerts },
    { key: 'evaluationProgress', icon: 'audit', ready: true, path: workspacePaths.evaluations },
    { key: 'complaintHandling', icon: 'message', ready: false },
  ],
  financialInstitution: [
    { key: 'guaranteeBusiness', icon: 'bank', ready: false },
    { key: 'procurementLoan', icon: 'money', ready: false },
  ],
  admin: [
    { key: 'registrationReview', icon: 'solution', ready: true, path: workspacePaths.registrationReview },
    { key: 'userManagement', icon: 'team', ready: true, path: workspacePaths.userManagement },
    { key: 'certificateAdmin', icon: 'safety', ready: true, path: workspacePaths.certificateAdmin },
    { key: 'auditLog', icon: 'history', ready: true, path: workspacePaths.auditLog },
    { key: 'systemConfiguration', icon: 'setting', ready: false },
  ],
};

export interface NavGroup {
  /** 'common' for the shared items, otherwise the role the items belong to. */
  group: 'common' | Role;
  items: readonly NavItem[];
}

/**
 * The menu of a user: the common items, then one group per role in the canonical role order.
 * A user with several roles sees the union; an item two roles share appears only once,
 * in the first of those roles' groups. Entity items need `hasEntity`.
 */
export function navigationFor(userRoles: readonly Role[], options: { hasEntity?: boolean } = {}): NavGroup[] {
  const common = commonNavItems.filter((item) => !(item.ready && item.needsEntity === true && options.hasEntity !== true));
  const groups: NavGroup[] = [{ group: 'common', items: common }];
  const seen = new Set<NavItemKey>(commonNavItems.map((item) => item.key));
  for (const role of roles) {
    if (!userRoles.includes(role)) continue;
    const items = roleNavItems[role].filter((item) => !seen.has(item.key));
    for (const item of items) seen.add(item.key);
    if (items.length > 0) groups.push({ group: role, items });
  }
  return groups;
}

/** The key of the ready item whose path matches the current location best. */
export function selectedNavKey(pathname: string, groups: readonly NavGroup[]): NavItemKey | undefined {
  let best: { key: NavItemKey; length: number } | undefined;
  for (const { items } of groups) {
    for (const item of items) {
      if (!item.ready) continue;
      const matches = pathname === item.path || pathname.startsWith(`${item.path}/`);
      if (matches && (best === undefined || item.path.length > best.length)) best = { key: item.key, length: item.path.length };
    }
  }
  return best?.key;
}
