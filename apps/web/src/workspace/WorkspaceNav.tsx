import { Link, useLocation } from 'react-router';
import { Menu, Tag } from 'antd';
import type { MenuProps } from 'antd';
import type { Role } from '../api/types';
import { useI18n } from '../i18n';
import { navIcons } from './icons';
import { navigationFor, selectedNavKey } from './navigation';

type MenuItems = NonNullable<MenuProps['items']>;

/** The role-based sider menu (also shown in the phone drawer). */
export function WorkspaceNav({ roles, hasEntity, onNavigate }: { roles: readonly Role[]; hasEntity: boolean; onNavigate?: () => void }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const groups = navigationFor(roles, { hasEntity });
  const selected = selectedNavKey(pathname, groups);

  const items: MenuItems = groups.map(({ group, items: navItems }) => ({
    type: 'group',
    key: `group-${group}`,
    label: (
      <span data-testid={`nav-group-${group}`}>{group === 'common' ? t('workspace.group.common') : t(`role.${group}`)}</span>
    ),
    children: navItems.map((item) => {
      const label = t(`nav.item.${item.key}`);
      if (!item.ready) {
        return {
          key: item.key,
          icon: navIcons[item.icon],
          disabled: true,
          label: (
            <span className="nav-item nav-item--soon" data-testid={`nav-item-${item.key}`} aria-disabled="true">
              <span className="nav-item__label">{label}</span>
              <Tag className="nav-item__tag" variant="outlined">
                {t('workspace.comingSoon')}
              </Tag>
            </span>
          ),
        };
      }
      return {
        key: item.key,
        icon: navIcons[item.icon],
        label: (
          <Link to={item.path} data-testid={`nav-item-${item.key}`} onClick={onNavigate}>
            {label}
          </Link>
        ),
      };
    }),
  }));

  return (
    <nav data-testid="workspace-nav" aria-label={t('workspace.title')}>
      <Menu mode="inline" selectedKeys={selected === undefined ? [] : [selected]} items={items} className="workspace-menu" />
    </nav>
  );
}
