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
      { path: '/auction', lazy: async () => ({ Component: (await import('./auction/CalendarPage')).CalendarPage }) },
      { path: '/auction/lots/:id', lazy: async () => ({ Component: (await import('./auction/LotPage')).LotPage }) },
      {
        path: '/register',
        lazy: async () => ({ Component: (await import('./pages/register/RegisterPage')).RegisterPage }),
      },
      {
        path: workspacePaths.dashboard,
        lazy: async () => ({ Component: (await import('./workspace/WorkspaceLayout')).WorkspaceLayout }),
        children: [
          { index: true, lazy: async () => ({ Component: (await import('./workspace/DashboardPage')).DashboardPage }) },
          { path: workspacePaths.account, lazy: async () => ({ Component: (await import('./workspace/AccountPage')).AccountPage }) },
          {
            path: workspacePaths.certificates,
            lazy: async () => ({ Component: (await import('./workspace/certificates/CertificatesPage')).CertificatesPage }),
          },
          {
            path: workspacePaths.entitySpace,
            lazy: async () => ({ Component: (await import('./workspace/EntitySpacePage')).EntitySpacePage }),
          },
          {
            path: workspacePaths.registrationReview,
            lazy: async () => ({ Component: (await import('./workspace/RegistrationReviewPage')).RegistrationReviewPage }),
          },
          {
            path: workspacePaths.userManagement,
            lazy: async () => ({ Component: (await import('./workspace/UserManagementPage')).UserManagementPage }),
          },
          {
            path: workspacePaths.certificateAdmin,
            lazy: async () => ({ Component: (await import('./workspace/certificates/CertificateAdminPage')).CertificateAdminPage }),
          },
          {
            path: workspacePaths.auditLog,
            lazy: async () => ({ Component: (await import('./workspace/audit/AuditLogPage')).AuditLogPage }),
          },
          {
            path: workspacePaths.projectRegistration,
            lazy: async () => ({ Component: (await import('./project/ProjectFormPage')).ProjectFormPage }),
          },
          { path: workspacePaths.myProjects, lazy: async () => ({ Component: (await import('./project/MyProjectsPage')).MyProjectsPage }) },
          {
            path: `${workspacePaths.myProjects}/:id`,
            lazy: async () => ({ Component: (await import('./project/ProjectPage')).ProjectPage }),
          },
          {
            path: `${workspacePaths.myProjects}/:id/edit`,
            lazy: async () => ({ Component: (await import('./project/ProjectFormPage')).ProjectFormPage }),
          },
          {
            path: workspacePaths.projectReview,
            lazy: async () => ({ Component: (await import('./project/ProjectReviewPage')).ProjectReviewPage }),
          },
          { path: workspacePaths.lifecycleAlerts, lazy: async () => ({ Component: (await import('./project/AlertsPage')).AlertsPage }) },
          { path: workspacePaths.auctionAdmin, lazy: async () => ({ Component: (await import('./auction/AdminPage')).AuctionAdminPage }) },
          { path: `${workspacePaths.auctionAdmin}/lots/:id`, lazy: async () => ({ Component: (await import('./auction/MonitorPage')).LotMonitorPage }) },
          { path: workspacePaths.myAuctions, lazy: async () => ({ Component: (await import('./auction/MyAuctionsPage')).MyAuctionsPage }) },
          { path: '*', element: <NotFoundPage bare /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
