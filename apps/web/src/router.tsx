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
      { path: '/tenders/:id', lazy: async () => ({ Component: (await import('./tendering/PublicTenderPage')).PublicTenderPage }) },
      { path: '/tenders/:id/sections/:sectionCode/opening', lazy: async () => ({ Component: (await import('./tendering/opening/PublicOpeningResultPage')).PublicOpeningResultPage }) },
      { path: '/tenders/:id/sections/:sectionCode/award', lazy: async () => ({ Component: (await import('./award/PublicAwardPage')).PublicAwardPage }) },
      { path: '/expert-draws/:id/verify', lazy: async () => ({ Component: (await import('./evaluation/DrawVerificationPage')).DrawVerificationPage }) },
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
          { path: workspacePaths.myTenders, lazy: async () => ({ Component: (await import('./tendering/MyTendersPage')).MyTendersPage }) },
          { path: `${workspacePaths.myTenders}/new`, lazy: async () => ({ Component: (await import('./tendering/TenderFormPage')).TenderFormPage }) },
          { path: `${workspacePaths.myTenders}/:id`, lazy: async () => ({ Component: (await import('./tendering/TenderManagePage')).TenderManagePage }) },
          { path: workspacePaths.tenderReview, lazy: async () => ({ Component: (await import('./tendering/TenderReviewPage')).TenderReviewPage }) },
          { path: workspacePaths.findTenders, lazy: async () => ({ Component: (await import('./tendering/FindTendersPage')).FindTendersPage }) },
          { path: workspacePaths.bidManagement, lazy: async () => ({ Component: (await import('./tendering/bid/BidManagementPage')).BidManagementPage }) },
          { path: `${workspacePaths.bidManagement}/:tenderId/:sectionCode`, lazy: async () => ({ Component: (await import('./tendering/bid/BidPage')).BidPage }) },
          { path: workspacePaths.openingHall, lazy: async () => ({ Component: (await import('./tendering/opening/OpeningListPage')).OpeningListPage }) },
          {
            path: `${workspacePaths.openingHall}/:tenderId/:sectionCode`,
            lazy: async () => ({ Component: (await import('./tendering/opening/OpeningHallPage')).OpeningHallPage }),
          },
          { path: workspacePaths.expertDraws, lazy: async () => ({ Component: (await import('./evaluation/DrawsPage')).DrawsPage }) },
          { path: `${workspacePaths.expertDraws}/:id`, lazy: async () => ({ Component: (await import('./evaluation/DrawPage')).DrawPage }) },
          { path: workspacePaths.evaluations, lazy: async () => ({ Component: (await import('./evaluation/EvaluationsPage')).EvaluationsPage }) },
          { path: `${workspacePaths.evaluations}/:id`, lazy: async () => ({ Component: (await import('./evaluation/RoomPage')).RoomPage }) },
          { path: workspacePaths.evaluationRequests, lazy: async () => ({ Component: (await import('./evaluation/RequestsPage')).RequestsPage }) },
          { path: workspacePaths.expertInvitations, lazy: async () => ({ Component: (await import('./evaluation/InvitationsPage')).InvitationsPage }) },
          { path: workspacePaths.awards, lazy: async () => ({ Component: (await import('./award/AwardListPage')).AwardListPage }) },
          { path: `${workspacePaths.awards}/:tenderId/:sectionCode`, lazy: async () => ({ Component: (await import('./award/AwardPage')).AwardPage }) },
          { path: '*', element: <NotFoundPage bare /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
