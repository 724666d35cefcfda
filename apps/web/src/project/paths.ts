import { workspacePaths } from '../workspace/paths';

/** Pages of a project that are not menu items (the menu links to workspacePaths). */
export const projectPaths = {
  detail: (id: string) => `${workspacePaths.myProjects}/${encodeURIComponent(id)}`,
  edit: (id: string) => `${workspacePaths.myProjects}/${encodeURIComponent(id)}/edit`,
};
