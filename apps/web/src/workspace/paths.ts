/** Paths of the workspace pages that exist. Navigation items may link only to these. */
export const workspacePaths = {
  dashboard: '/workspace',
  account: '/workspace/account',
  certificates: '/workspace/certificates',
  entitySpace: '/workspace/entity',
  registrationReview: '/workspace/registrations',
  userManagement: '/workspace/users',
  certificateAdmin: '/workspace/ca',
  auditLog: '/workspace/audit',
  projectRegistration: '/workspace/projects/new',
  myProjects: '/workspace/projects',
  projectReview: '/workspace/project-review',
  lifecycleAlerts: '/workspace/alerts',
  auctionAdmin: '/workspace/auction',
  myAuctions: '/workspace/auctions',
  myTenders: '/workspace/tenders',
  tenderReview: '/workspace/tender-review',
  findTenders: '/workspace/find-tenders',
  bidManagement: '/workspace/bids',
  openingHall: '/workspace/openings',
  expertDraws: '/workspace/expert-draws',
  evaluations: '/workspace/evaluations',
  evaluationRequests: '/workspace/evaluation-requests',
  expertInvitations: '/workspace/expert-invitations',
  awards: '/workspace/awards',
} as const;

export type WorkspacePath = (typeof workspacePaths)[keyof typeof workspacePaths];
