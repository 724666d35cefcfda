import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Drawer, Skeleton } from 'antd';
import { MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useCurrentUser } from '../api/queries';
import { BrandMark } from '../components/BrandMark';
import { LocaleSwitch } from '../components/LocaleSwitch';
import { useI18n } from '../i18n';
import { useIsCompactHeader, useIsPhone } from './useIsPhone';

interface NavLink {
  key: string;
  label: string;
  href: string;
  /** Links served by the API server rather than the app router (e.g. /docs). */
  external?: boolean;
}

/** Header of the public pages: brand, nav, language switch and the sign-in entry. */
export function SiteHeader() {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const compact = useIsCompactHeader();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const links: NavLink[] = [
    { key: 'home', label: t('nav.home'), href: '/' },
    { key: 'announcements', label: t('nav.announcements'), href: '/#announcements' },
    { key: 'services', label: t('nav.services'), href: '/#services' },
    { key: 'apiDocs', label: t('nav.apiDocs'), href: '/docs', external: true },
  ];

  return (
    <header className="site-header" data-testid="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-brand" data-testid="site-brand" aria-label={t('app.name')}>
          <BrandMark size={isPhone ? 30 : 36} />
          <span className="site-brand__text">
            <span className="site-brand__name">{isPhone ? t('app.shortName') : t('app.name')}</span>
            {isPhone ? null : <span className="site-brand__tagline">{t('app.tagline')}</span>}
          </span>
        </Link>

        {compact ? (
          <div className="site-header__actions">
            <UserEntry compact={isPhone} />
            <Button
              type="text"
              className="site-header__menu-button"
              icon={<MenuOutlined />}
              aria-label={t('nav.openMenu')}
              data-testid="site-menu-button"
              onClick={() => setDrawerOpen(true)}
            />
          </div>
        ) : (
          <>
            <nav className="site-nav" aria-label={t('nav.menu')} data-testid="site-nav">
              {links.map((link) => (
                <HeaderLink key={link.key} link={link} />
              ))}
            </nav>
            <div className="site-header__actions">
              <LocaleSwitch size="small" />
              <UserEntry />
            </div>
          </>
        )}
      </div>

      {compact ? (
        <Drawer
          title={t('nav.menu')}
          placement="right"
          size={280}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          data-testid="site-drawer"
        >
          <nav className="drawer-nav" aria-label={t('nav.menu')} data-testid="site-nav">
            {links.map((link) => (
              <HeaderLink key={link.key} link={link} onNavigate={() => setDrawerOpen(false)} />
            ))}
          </nav>
          <div className="drawer-section">
            <div className="muted small">{t('locale.label')}</div>
            <LocaleSwitch />
          </div>
        </Drawer>
      ) : null}
    </header>
  );
}

function HeaderLink({ link, onNavigate }: { link: NavLink; onNavigate?: () => void }) {
  if (link.external === true) {
    return (
      <a href={link.href} className="site-nav__link" data-testid={`site-nav-${link.key}`} onClick={onNavigate}>
        {link.label}
      </a>
    );
  }
  return (
    <Link to={link.href} className="site-nav__link" data-testid={`site-nav-${link.key}`} onClick={onNavigate}>
      {link.label}
    </Link>
  );
}

/** 登录 for visitors; the user's name and 进入工作台 once signed in. */
function UserEntry({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useCurrentUser();

  if (me.isPending) return <Skeleton.Button active size="small" />;
  if (me.data) {
    return (
      <span className="user-entry">
        {compact ? null : (
          <span className="user-entry__name" data-testid="header-user">
            <UserOutlined /> {me.data.displayName}
          </span>
        )}
        <Button type="primary" size={compact ? 'small' : 'middle'} data-testid="header-workspace" onClick={() => navigate('/workspace')}>
          {t('auth.enterWorkspace')}
        </Button>
      </span>
    );
  }
  return (
    <span className="user-entry">
      <Button size={compact ? 'small' : 'middle'} data-testid="header-register" onClick={() => navigate('/register')}>
        {t('auth.register')}
      </Button>
      <Button type="primary" size={compact ? 'small' : 'middle'} data-testid="header-login" onClick={() => navigate('/login')}>
        {t('auth.login')}
      </Button>
    </span>
  );
}
