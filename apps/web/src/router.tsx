import { createBrowserRouter } from 'react-router';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RouteError } from './pages/RouteError';

/**
 * Every route of the app. The home page is in the main chunk (it is the landing page);
 * login and the workspace load on demand.
 */
export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <HomePage /> },
      {
        path: '/login',
        lazy: async () => ({ Component: (await import('./pages/LoginPage')).LoginPage }),
      },
      {
        path: '/workspace',
        lazy: async () => ({ Component: (await import('./workspace/WorkspaceLayout')).WorkspaceLayout }),
        children: [
          { index: true, lazy: async () => ({ Component: (await import('./workspace/DashboardPage')).DashboardPage }) },
          { path: 'account', lazy: async () => ({ Component: (await import('./workspace/AccountPage')).AccountPage }) },
          { path: '*', element: <NotFoundPage bare /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** Paths of the ready workspace pages; navigation.spec.ts checks every ready nav item against it. */
export const workspacePaths = ['/workspace', '/workspace/account'] as const;
