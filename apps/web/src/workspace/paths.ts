/** Paths of the workspace pages that exist. Navigation items may link only to these. */
export const workspacePaths = {
  dashboard: '/workspace',
  account: '/workspace/account',
} as const;

export type WorkspacePath = (typeof workspacePaths)[keyof typeof workspacePaths];
