import { describe, expect, it } from 'vitest';
import { roles } from '../api/types';
import { zhCN } from '../i18n/zh-CN';
import { commonNavItems, navigationFor, roleNavItems, selectedNavKey } from './navigation';
import { workspacePaths } from './paths';

const allItems = [...commonNavItems, ...roles.flatMap((role) => roleNavItems[role])];

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

  it('has unique item keys (they become data-testid="nav-item-<key>")', () => {
    const keys = allItems.map((item) => item.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('links ready items only to pages that exist, and leaves later features disabled', () => {
    const existing: string[] = Object.values(workspacePaths);
    const readyPaths = allItems.flatMap((item) => (item.ready ? [item.path] : []));
    expect(readyPaths.length).toBeGreaterThan(0);
    for (const path of readyPaths) expect(existing).toContain(path);
    for (const role of roles) expect(roleNavItems[role].every((item) => !item.ready)).toBe(true);
  });

  it('has a label for every item', () => {
    for (const item of allItems) expect(zhCN[`nav.item.${item.key}`]).toBeTruthy();
  });

  it('selects the longest matching ready path', () => {
    const groups = navigationFor(['admin']);
    expect(selectedNavKey('/workspace', groups)).toBe('dashboard');
    expect(selectedNavKey('/workspace/account', groups)).toBe('account');
    expect(selectedNavKey('/workspace/accounting', groups)).toBe('dashboard');
    expect(selectedNavKey('/login', groups)).toBeUndefined();
  });
});
