import { workspacePaths } from '../workspace/paths';

const query = (tenderId?: string, sectionCode?: string) => (tenderId && sectionCode ? `?tender=${tenderId}&section=${encodeURIComponent(sectionCode)}` : '');

/** Links between the draw, committee and room pages (the tender and section travel in the query). */
export const evaluationPaths = {
  draw: (id: string, tenderId?: string, sectionCode?: string) => `${workspacePaths.expertDraws}/${id}${query(tenderId, sectionCode)}`,
  newDraw: (tenderId?: string, sectionCode?: string) => `${workspacePaths.expertDraws}${query(tenderId, sectionCode)}`,
  verify: (id: string) => `/expert-draws/${id}/verify`,
  room: (id: string) => `${workspacePaths.evaluations}/${id}`,
};
