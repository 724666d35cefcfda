import { describe, expect, it } from 'vitest';
import { roles } from '../api/types';
import { zhCN } from '../i18n/zh-CN';
import { commonNavItems, navigationFor, roleNavItems, selectedNavKey } from './navigation';
import { workspacePaths } from './paths';

const allItems = [...commonNavItems, ...roles.flatMap((role) => roleNavItems[role])];

/** The keys of the common group for a bidder with or without an entity. */
function commonKeys(hasEntity: boolean) {
  return navigationFor(['bidder'], { hasEntity })[0]?.items.map((item) => item.key);
}

/** The keys of the ready items a user with one role sees. */
function readyKeysOf(role: (typeof roles)[number]) {
  return navigationFor([role]).flatMap((group) => group.items.filter((item) => item.ready).map((item) => item.key));
}

describe('workspace navigation', () => {
  it('gives every role a group of its own after the common items', () => {
    for (const role of roles) {
      const groups = navigationFor([role]);
      expect(groups.map((group) => group.group)).toEqual(['common', role]);
    }
  });

  it('shows a user with several roles the union, grouped by role in canonical order', () => {
    const groups = navigationFor(['bidder', 'tenderer']);
    expect(groups.map((group) => group.group)).toEqual(['common', 'tenderer', 'bidder']);
    expect(groups[1]?.items).toEqual(roleNavItems.tenderer);
    expect(groups[2]?.items).toEqual(roleNavItems.bidder);
  });

  it('has unique item keys within a group, and a key shared by roles is the same item (keys become data-testid="nav-item-<key>")', () => {
    for (const items of [commonNavItems, ...roles.map((role) => roleNavItems[role])]) {
      const keys = items.map((item) => item.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
    const first = new Map<string, unknown>();
    for (const item of allItems) if (!first.has(item.key)) first.set(item.key, item);
    expect(allItems.filter((item) => JSON.stringify(item) !== JSON.stringify(first.get(item.key)))).toEqual([]);
  });

  it('links ready items only to pages that exist, every page has an item, and later features stay disabled', () => {
    const existing: string[] = Object.values(workspacePaths);
    const readyPaths = allItems.flatMap((item) => (item.ready ? [item.path] : []));
    for (const path of readyPaths) expect(existing).toContain(path);
    for (const path of existing) expect(readyPaths).toContain(path);
    // Every role still shows what later milestones bring (the shell test looks for one).
    for (const role of roles) expect(roleNavItems[role].some((item) => !item.ready)).toBe(true);
  });

  it('gives the entity space only to users linked to an entity', () => {
    expect(commonKeys(true)).toEqual(['dashboard', 'account', 'entitySpace', 'certificates']);
    expect(commonKeys(false)).toEqual(['dashboard', 'account', 'certificates']);
  });

  it('gives reviewers, administrators and supervisors their pages', () => {
    const keys = readyKeysOf;
    expect(keys('centreStaff')).toEqual(expect.arrayContaining(['registrationReview', 'certificateAdmin']));
    expect(keys('admin')).toEqual(expect.arrayContaining(['registrationReview', 'userManagement', 'certificateAdmin', 'auditLog']));
    expect(keys('supervisor')).toEqual(expect.arrayContaining(['auditLog']));
    expect(keys('bidder')).not.toContain('auditLog');
    // Shared by centre staff and admin: listed once, in the centre staff group.
    const both = navigationFor(['centreStaff', 'admin']).flatMap((group) => group.items.map((item) => item.key));
    expect(both.filter((key) => key === 'registrationReview')).toHaveLength(1);
  });

  it('gives the evaluation and award pages: experts their tasks, staff the draw and progress, bidders requests and results, owners the award', () => {
    expect(readyKeysOf('expert')).toEqual(expect.arrayContaining(['expertInvitations', 'evaluationTasks']));
    expect(selectedNavKey('/workspace/expert-invitations', navigationFor(['expert']))).toBe('expertInvitations');
    expect(readyKeysOf('centreStaff')).not.toContain('expertInvitations');
    expect(readyKeysOf('centreStaff')).toEqual(expect.arrayContaining(['expertDraw', 'evaluationProgress']));
    expect(readyKeysOf('supervisor')).toContain('evaluationProgress');
    expect(readyKeysOf('bidder')).toEqual(expect.arrayContaining(['evaluationRequests', 'bidResults']));
    expect(readyKeysOf('tenderer')).toContain('awardResult');
    expect(readyKeysOf('agency')).toContain('awardResult');
    expect(selectedNavKey('/workspace/evaluations/0f6c', navigationFor(['expert']))).toBe('evaluationTasks');
  });

  it('gives the tender pages to those who use them: owners their tenders, staff the review queue, bidders the open tenders', () => {
    expect(readyKeysOf('tenderer')).toContain('tenderNotice');
    expect(readyKeysOf('agency')).toContain('tenderNotice');
    expect(readyKeysOf('centreStaff')).toContain('tenderReview');
    expect(readyKeysOf('bidder')).toContain('findTenders');
    expect(readyKeysOf('bidder')).not.toContain('tenderNotice');
    // A tenderer who is also an agency sees the item once, in the tenderer group.
    const both = navigationFor(['tenderer', 'agency']).flatMap((group) => group.items.map((item) => item.key));
    expect(both.filter((key) => key === 'tenderNotice')).toHaveLength(1);
    // A tender's own page (/workspace/tenders/:id) keeps the menu item selected.
    expect(selectedNavKey('/workspace/tenders/0f6c', navigationFor(['tenderer']))).toBe('tenderNotice');
  });

  it('has a label for every item', () => {
    for (const item of allItems) expect(zhCN[`nav.item.${item.key}`]).toBeTruthy();
  });

  it('selects the longest matching ready path', () => {
    const groups = navigationFor(['admin']);
    expect(selectedNavKey('/workspace', groups)).toBe('dashboard');
    expect(selectedNavKey('/workspace/account', groups)).toBe('account');
    expect(selectedNavKey('/workspace/accounting', groups)).toBe('dashboard');
    expect(selectedNavKey('/workspace/audit', groups)).toBe('auditLog');
    expect(selectedNavKey('/login', groups)).toBeUndefined();
  });
});
