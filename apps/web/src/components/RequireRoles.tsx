import type { ReactNode } from 'react';
import { Result } from 'antd';
import type { Role } from '../api/types';
import { useI18n } from '../i18n';
import { useWorkspaceUser } from '../workspace/useWorkspaceUser';

/** Renders `children` for users holding one of `roles`; others see why they cannot (the server refuses them too). */
export function RequireRoles({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { t } = useI18n();
  const user = useWorkspaceUser();
  if (!user.roles.some((role) => roles.includes(role))) {
    return (
      <Result
        status="403"
        title={t('workspace.forbidden.title')}
        subTitle={t('workspace.forbidden.subtitle')}
        data-testid="workspace-forbidden"
      />
    );
  }
  return children;
}
