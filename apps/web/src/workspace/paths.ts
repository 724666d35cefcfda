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
} as const;

export type WorkspacePath = (typeof workspacePaths)[keyof typeof workspacePaths];
