import { Card, Col, Descriptions, Row, Space, Tag } from 'antd';
import { isRole, roles as allRoles, type Role } from '../api/types';
import { shanghaiHour, useI18n, type MessageKey } from '../i18n';
import { navIcons } from './icons';
import { roleNavItems } from './navigation';
import { useRegionName } from './useRegionName';
import { useWorkspaceUser } from './useWorkspaceUser';

function greetingKey(hour: number): MessageKey {
  if (hour < 12) return 'workspace.greeting.morning';
  if (hour < 18) return 'workspace.greeting.afternoon';
  return 'workspace.greeting.evening';
}

/** `/workspace` — greeting, who the user is, and what each of their roles does here. */
export function DashboardPage() {
  const { t } = useI18n();
  const user = useWorkspaceUser();
  const regionName = useRegionName(user.regionCode);
  const userRoles: Role[] = allRoles.filter((role) => user.roles.includes(role));

  return (
    <div className="workspace-page" data-testid="dashboard">
      <Card className="dashboard-welcome">
        <h1 className="workspace-page__title" data-testid="dashboard-greeting">
          {t('workspace.welcome', { greeting: t(greetingKey(shanghaiHour())), name: user.displayName })}
        </h1>
        <Descriptions
          column={{ xs: 1, sm: 1, md: 3 }}
          size="small"
          items={[
            {
              key: 'entity',
              label: t('workspace.entity'),
              children: <span data-testid="dashboard-entity">{user.entityName ?? t('workspace.none')}</span>,
            },
            {
              key: 'region',
              label: t('workspace.region'),
              children: <span data-testid="dashboard-region">{regionName ?? t('workspace.none')}</span>,
            },
            {
              key: 'roles',
              label: t('workspace.roles'),
              children: (
                <Space size={[4, 4]} wrap data-testid="dashboard-roles">
                  {user.roles.map((role) => (
                    <Tag key={role} color="blue">
                      {isRole(role) ? t(`role.${role}`) : role}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <h2 className="section__title">{t('workspace.myRoles')}</h2>
      <Row gutter={[16, 16]}>
        {userRoles.map((role) => (
          <Col key={role} xs={24} md={12} xl={8}>
            <Card title={t(`role.${role}`)} className="role-card" data-testid={`role-card-${role}`}>
              <p>{t(`role.${role}.description`)}</p>
              <Space size={[6, 6]} wrap>
                {roleNavItems[role].map((item) => (
                  <Tag key={item.key} icon={navIcons[item.icon]}>
                    {t(`nav.item.${item.key}`)}
                    {item.ready ? null : ` · ${t('workspace.comingSoon')}`}
                  </Tag>
                ))}
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
