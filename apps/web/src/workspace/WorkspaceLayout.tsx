import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { App as AntApp, Button, Drawer, Layout, Result, Spin } from 'antd';
import { HomeOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useCurrentUser, useLogout } from '../api/queries';
import type { CurrentUser } from '../api/types';
import { errorText } from '../components/ApiErrorAlert';
import { BrandMark } from '../components/BrandMark';
import { LocaleSwitch } from '../components/LocaleSwitch';
import { useI18n } from '../i18n';
import { useIsPhone } from '../layout/useIsPhone';
import { WorkspaceNav } from './WorkspaceNav';

/** The signed-in user, for the pages inside the workspace. */
export interface WorkspaceOutletContext {
  user: CurrentUser;
}

/** `/workspace/*`: protected; visitors without a session are sent to /login. */
export function WorkspaceLayout() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const location = useLocation();

  if (me.isPending) {
    return (
      <div className="centred-page" data-testid="workspace-loading">
        <Spin size="large" description={t('common.loading')} />
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="centred-page">
        <Result
          status="error"
          title={t('workspace.loadError')}
          subTitle={errorText(me.error, t)}
          extra={
            <Button type="primary" onClick={() => void me.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (me.data === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <WorkspaceShell user={me.data} />;
}

function WorkspaceShell({ user }: { user: CurrentUser }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const { message } = AntApp.useApp();
  const logout = useLogout();
  const [drawerOpen, setDrawerOpen] = useState(false);

  const signOut = () => {
    logout.mutate(undefined, {
      // A full page load drops every cached query of the signed-out user.
      onSuccess: () => window.location.assign('/'),
      onError: (error) => void message.error(errorText(error, t)),
    });
  };

  const context: WorkspaceOutletContext = { user };

  return (
    <Layout className="workspace">
      <header className="workspace-header">
        {isPhone ? (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('nav.openMenu')}
            data-testid="workspace-menu-button"
            onClick={() => setDrawerOpen(true)}
            className="workspace-header__menu"
          />
        ) : null}
        <Link to="/workspace" className="site-brand" data-testid="site-brand">
          <BrandMark size={30} />
          <span className="site-brand__name">{isPhone ? t('workspace.title') : `${t('app.name')} · ${t('workspace.title')}`}</span>
        </Link>
        <div className="workspace-header__actions">
          {isPhone ? null : (
            <>
              <Link to="/" className="workspace-header__link" data-testid="workspace-home">
                <HomeOutlined /> {t('workspace.backHome')}
              </Link>
              <LocaleSwitch size="small" />
            </>
          )}
          <span className="workspace-user" data-testid="workspace-user" title={user.displayName}>
            <UserOutlined /> <span className="workspace-user__name">{user.displayName}</span>
          </span>
          <Button
            icon={<LogoutOutlined />}
            onClick={signOut}
            loading={logout.isPending}
            data-testid="logout"
            aria-label={t('auth.logout')}
            size={isPhone ? 'small' : 'middle'}
          >
            {isPhone ? null : t('auth.logout')}
          </Button>
        </div>
      </header>
      <Layout className="workspace-body">
        {isPhone ? (
          <Drawer
            title={user.displayName}
            placement="left"
            size={280}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            styles={{ body: { padding: 0 } }}
          >
            <WorkspaceNav roles={user.roles} hasEntity={user.entityName !== null} onNavigate={() => setDrawerOpen(false)} />
            <div className="drawer-section">
              <Link to="/" data-testid="workspace-home">
                <HomeOutlined /> {t('workspace.backHome')}
              </Link>
              <div className="muted small">{t('locale.label')}</div>
              <LocaleSwitch />
            </div>
          </Drawer>
        ) : (
          <Layout.Sider width={256} theme="light" className="workspace-sider">
            <WorkspaceNav roles={user.roles} hasEntity={user.entityName !== null} />
          </Layout.Sider>
        )}
        <Layout.Content className="workspace-content">
          <Outlet context={context} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
