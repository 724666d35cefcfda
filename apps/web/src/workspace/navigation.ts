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
  | 'projectRegistration'
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
  | 'venueBooking'
  | 'warningSupervision'
  | 'complaintHandling'
  | 'guaranteeBusiness'
  | 'procurementLoan'
  | 'userReview'
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
  | 'setting';

export type NavItem =
  | { key: NavItemKey; icon: IconName; ready: true; path: WorkspacePath }
  | { key: NavItemKey; icon: IconName; ready: false };

/** Items every signed-in user has, whatever the role. */
export const commonNavItems: readonly NavItem[] = [
  { key: 'dashboard', icon: 'dashboard', ready: true, path: workspacePaths.dashboard },
  { key: 'account', icon: 'user', ready: true, path: workspacePaths.account },
];

export const roleNavItems: Readonly<Record<Role, readonly NavItem[]>> = {
  tenderer: [
    { key: 'projectRegistration', icon: 'project', ready: false },
    { key: 'tenderNotice', icon: 'notification', ready: false },
    { key: 'awardResult', icon: 'trophy', ready: false },
  ],
  agency: [
    { key: 'agencyProjects', icon: 'folder', ready: false },
    { key: 'tenderDocuments', icon: 'file', ready: false },
    { key: 'clarification', icon: 'question', ready: false },
  ],
  bidder: [
    { key: 'bidManagement', icon: 'send', ready: false },
    { key: 'myGuarantees', icon: 'safety', ready: false },
    { key: 'objections', icon: 'warning', ready: false },
  ],
  expert: [
    { key: 'evaluationTasks', icon: 'audit', ready: false },
    { key: 'avoidance', icon: 'stop', ready: false },
  ],
  centreStaff: [
    { key: 'entryReview', icon: 'check', ready: false },
    { key: 'openingHall', icon: 'video', ready: false },
    { key: 'venueBooking', icon: 'calendar', ready: false },
  ],
  supervisor: [
    { key: 'warningSupervision', icon: 'alert', ready: false },
    { key: 'complaintHandling', icon: 'message', ready: false },
  ],
  financialInstitution: [
    { key: 'guaranteeBusiness', icon: 'bank', ready: false },
    { key: 'procurementLoan', icon: 'money', ready: false },
  ],
  admin: [
    { key: 'userReview', icon: 'team', ready: false },
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
 * in the first of those roles' groups.
 */
export function navigationFor(userRoles: readonly Role[]): NavGroup[] {
  const groups: NavGroup[] = [{ group: 'common', items: commonNavItems }];
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
