import { useOutletContext } from 'react-router';
import type { CurrentUser } from '../api/types';
import type { WorkspaceOutletContext } from './WorkspaceLayout';

export function useWorkspaceUser(): CurrentUser {
  return useOutletContext<WorkspaceOutletContext>().user;
}
