import { Card, Descriptions, Space, Tag } from 'antd';
import { isRole } from '../api/types';
import { useI18n } from '../i18n';
import { useRegionName } from './useRegionName';
import { useWorkspaceUser } from './useWorkspaceUser';

/** `/workspace/account` — the data of GET /api/auth/me. */
export function AccountPage() {
  const { t } = useI18n();
  const user = useWorkspaceUser();
  const regionName = useRegionName(user.regionCode);
  const regionText =
    user.regionCode === null
      ? t('workspace.none')
      : regionName === user.regionCode
        ? user.regionCode
        : `${regionName ?? ''}（${user.regionCode}）`;
  return (
    <div className="workspace-page" data-testid="account">
      <Card title={<h1 className="card-title-heading">{t('account.title')}</h1>}>
        <Descriptions
          bordered
          column={1}
          size="small"
          data-testid="account-info"
          items={[
            { key: 'displayName', label: t('account.displayName'), children: user.displayName },
            { key: 'username', label: t('account.username'), children: <code>{user.username}</code> },
            { key: 'id', label: t('account.id'), children: <code className="break-all">{user.id}</code> },
            {
              key: 'roles',
              label: t('account.roles'),
              children: (
                <Space size={[4, 4]} wrap>
                  {user.roles.map((role) => (
                    <Tag key={role} color="blue">
                      {isRole(role) ? t(`role.${role}`) : role}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { key: 'entityName', label: t('account.entityName'), children: user.entityName ?? t('workspace.none') },
            {
              key: 'region',
              label: t('account.region'),
              children: regionText,
            },
          ]}
        />
      </Card>
    </div>
  );
}
