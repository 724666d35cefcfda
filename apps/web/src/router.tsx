import { createBrowserRouter } from 'react-router';
import { Spin } from 'antd';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RouteError } from './pages/RouteError';
import { workspacePaths } from './workspace/paths';

/**
 * Every route of the app. The home page is in the main chunk (it is the landing page);
 * login and the workspace load on demand.
 */
export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    // Shown while the chunk of a lazy route (login, workspace) loads on a direct visit.
    hydrateFallbackElement: (
      <div className="centred-page">
        <Spin size="large" />
      </div>
    ),
    children: [
      { path: '/', element: <HomePage /> },
      {
        path: '/login',
        lazy: async () => ({ Component: (await import('./pages/LoginPage')).LoginPage }),
      },
      {
        path: workspacePaths.dashboard,
        lazy: async () => ({ Component: (await import('./workspace/WorkspaceLayout')).WorkspaceLayout }),
        children: [
          { index: true, lazy: async () => ({ Component: (await import('./workspace/DashboardPage')).DashboardPage }) },
          { path: workspacePaths.account, lazy: async () => ({ Component: (await import('./workspace/AccountPage')).AccountPage }) },
          { path: '*', element: <NotFoundPage bare /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
