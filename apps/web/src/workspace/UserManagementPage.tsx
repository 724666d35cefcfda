import { useState, type HTMLAttributes } from 'react';
import { App as AntApp, Button, Card, Checkbox, Empty, Form, Input, Modal, Popconfirm, Segmented, Space, Table, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { LockOutlined, PlusOutlined, SafetyOutlined, StopOutlined, UnlockOutlined, UserAddOutlined } from '@ant-design/icons';
import { useCreateUser, useUserAction, useUsers, type UserAction } from '../api/queries';
import { isRole, type NewInternalUser, type Role, type UserAccount, type UserStatus } from '../api/types';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { PasswordChecklist } from '../components/PasswordChecklist';
import { RegionPicker } from '../components/RegionPicker';
import { RequireRoles } from '../components/RequireRoles';
import { passwordReport, USERNAME_PATTERN } from '../domain/password';
import { formatDateTime, useI18n } from '../i18n';
import { useWorkspaceUser } from './useWorkspaceUser';

type Filter = UserStatus | 'all';
const filters: Filter[] = ['all', 'active', 'pending', 'suspended', 'rejected'];
const statusColour: Record<string, string> = { active: 'green', pending: 'gold', suspended: 'red', rejected: 'default' };
/** Roles an administrator grants to internal accounts (the others come through registration). */
const internalRoles = ['centreStaff', 'supervisor', 'admin', 'expert'] as const satisfies readonly Role[];
/** Roles that sign in with a TOTP second factor (the server's rule, for the "second factor" column). */
const secondFactorRoles: readonly Role[] = ['centreStaff', 'expert', 'supervisor', 'admin'];

/** `/workspace/users` — 用户管理 (admin): accounts, suspend/activate, reset a second factor, create internal accounts. */
export function UserManagementPage() {
  const { t, locale } = useI18n();
  const me = useWorkspaceUser();
  const [filter, setFilter] = useState<Filter>('all');
  const [creating, setCreating] = useState(false);
  const users = useUsers(filter);
  const action = useUserAction();
  const { message } = AntApp.useApp();

  const run = (user: UserAccount, kind: UserAction) =>
    action.mutate(
      { id: user.id, action: kind },
      { onSuccess: () => void message.success(t(`users.action.${kind}.done`, { name: user.displayName })) },
    );

  const columns: TableColumnsType<UserAccount> = [
    {
      key: 'user',
      title: t('users.user'),
      render: (_, row) => (
        <div>
          <div className="strong">{row.displayName}</div>
          <code className="small">{row.username}</code>
        </div>
      ),
    },
    {
      key: 'roles',
      title: t('account.roles'),
      render: (_, row) => (
        <Space size={[4, 4]} wrap>
          {row.roles.map((role) => (
            <Tag key={role}>{isRole(role) ? t(`role.${role}`) : role}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'entity',
      title: t('account.entityName'),
      render: (_, row) => row.entityName ?? <span className="muted">—</span>,
      className: 'cell-wrap',
    },
    {
      key: 'status',
      title: t('users.status'),
      render: (_, row) => {
        const locked = row.lockedUntil !== null && Date.parse(row.lockedUntil) > Date.now();
        return (
          <Space size={[4, 4]} wrap>
            <Tag color={statusColour[row.status] ?? 'default'} data-testid={`user-status-${row.username}`}>
              {isUserStatus(row.status) ? t(`users.status.${row.status}`) : row.status}
            </Tag>
            {locked && row.lockedUntil !== null ? (
              <Tooltip title={t('users.lockedUntil', { until: formatDateTime(row.lockedUntil, locale) })}>
                <Tag color="orange" icon={<LockOutlined />}>
                  {t('users.locked')}
                </Tag>
              </Tooltip>
            ) : null}
          </Space>
        );
      },
    },
    {
      key: 'secondFactor',
      title: t('users.secondFactor'),
      render: (_, row) =>
        row.roles.some((role) => secondFactorRoles.includes(role)) ? (
          <Tag color={row.secondFactorEnrolled ? 'blue' : 'default'}>
            {t(row.secondFactorEnrolled ? 'users.secondFactor.enrolled' : 'users.secondFactor.notEnrolled')}
          </Tag>
        ) : (
          <span className="muted small">{t('users.secondFactor.notRequired')}</span>
        ),
    },
    {
      key: 'createdAt',
      title: t('users.createdAt'),
      render: (_, row) => <span className="nowrap">{formatDateTime(row.createdAt, locale)}</span>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, row) => {
        const self = row.id === me.id;
        return (
          <Space size={[4, 4]} wrap>
            {row.status === 'active' ? (
              <Popconfirm
                title={t('users.action.suspend.confirm', { name: row.displayName })}
                okText={t('users.action.suspend')}
                okButtonProps={{ danger: true, ...({ 'data-testid': 'user-action-confirm' } as object) }}
                cancelText={t('common.cancel')}
                onConfirm={() => run(row, 'suspend')}
                disabled={self}
              >
                <Button size="small" danger icon={<StopOutlined />} disabled={self} data-testid={`user-suspend-${row.username}`}>
                  {t('users.action.suspend')}
                </Button>
              </Popconfirm>
            ) : null}
            {row.status === 'suspended' ? (
              <Popconfirm
                title={t('users.action.activate.confirm', { name: row.displayName })}
                okText={t('users.action.activate')}
                okButtonProps={{ ...({ 'data-testid': 'user-action-confirm' } as object) }}
                cancelText={t('common.cancel')}
                onConfirm={() => run(row, 'activate')}
              >
                <Button size="small" icon={<UnlockOutlined />} data-testid={`user-activate-${row.username}`}>
                  {t('users.action.activate')}
                </Button>
              </Popconfirm>
            ) : null}
            {row.secondFactorEnrolled ? (
              <Popconfirm
                title={t('users.action.reset-second-factor.confirm', { name: row.displayName })}
                okText={t('users.action.reset-second-factor')}
                okButtonProps={{ ...({ 'data-testid': 'user-action-confirm' } as object) }}
                cancelText={t('common.cancel')}
                onConfirm={() => run(row, 'reset-second-factor')}
              >
                <Button size="small" icon={<SafetyOutlined />} data-testid={`user-reset-${row.username}`}>
                  {t('users.action.reset')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        );
      },
    },
  ];

  return (
    <RequireRoles roles={['admin']}>
      <div className="workspace-page" data-testid="users-page">
        <Card
          title={<h1 className="card-title-heading">{t('nav.item.userManagement')}</h1>}
          extra={
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setCreating(true)} data-testid="user-create-open">
              {t('users.create')}
            </Button>
          }
        >
          <div className="toolbar">
            <Segmented<Filter>
              value={filter}
              onChange={setFilter}
              options={filters.map((value) => ({ value, label: t(value === 'all' ? 'review.filter.all' : `users.status.${value}`) }))}
            />
          </div>
          {action.isError ? <ApiErrorAlert error={action.error} /> : null}
          {users.isError ? (
            <ApiErrorAlert error={users.error} onRetry={() => void users.refetch()} />
          ) : (
            <Table<UserAccount>
              rowKey="id"
              size="small"
              loading={users.isPending}
              columns={columns}
              dataSource={users.data?.items ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 'max-content' }}
              onRow={(row) => ({ 'data-testid': `user-row-${row.username}` }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty description={t('users.empty')} /> }}
            />
          )}
        </Card>
        <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      </div>
    </RequireRoles>
  );
}

function isUserStatus(status: string): status is UserStatus {
  return status === 'active' || status === 'pending' || status === 'suspended' || status === 'rejected';
}

interface CreateValues {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  regionCode: string;
}

function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const create = useCreateUser();
  const [form] = Form.useForm<CreateValues>();
  const password = Form.useWatch('password', form) ?? '';
  const close = () => {
    create.reset();
    form.resetFields();
    onClose();
  };
  const submit = (values: CreateValues) => {
    const user: NewInternalUser = {
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      password: values.password,
      roles: values.roles,
      regionCode: values.regionCode,
    };
    create.mutate(user, {
      onSuccess: () => {
        void message.success(t('users.created', { name: user.displayName }));
        close();
      },
    });
  };
  return (
    <Modal
      open={open}
      title={t('users.create')}
      okText={t('users.create.submit')}
      okButtonProps={{ loading: create.isPending, icon: <PlusOutlined />, ...({ 'data-testid': 'user-create-submit' } as object) }}
      cancelText={t('common.cancel')}
      onCancel={close}
      onOk={() => form.submit()}
      forceRender
    >
      <p className="muted small">{t('users.create.hint')}</p>
      {create.isError ? <ApiErrorAlert error={create.error} testId="user-create-error" /> : null}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ roles: [], regionCode: '520000' }}
        onFinish={submit}
        onValuesChange={() => create.isError && create.reset()}
      >
        <Form.Item
          name="username"
          label={t('register.username')}
          extra={t('register.username.hint')}
          rules={[
            { required: true, message: t('register.username.required') },
            { pattern: USERNAME_PATTERN, message: t('register.username.invalid') },
          ]}
        >
          <Input maxLength={32} autoComplete="off" data-testid="user-create-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('register.displayName')}
          rules={[{ required: true, whitespace: true, message: t('register.displayName.required') }]}
        >
          <Input maxLength={50} data-testid="user-create-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.create.password')}
          extra={<PasswordChecklist password={password} />}
          rules={[
            { required: true, message: t('register.password.required') },
            {
              validator: async (_, value: string | undefined) => {
                if (value && !passwordReport(value).ok) throw new Error(t('password.tooWeak'));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-create-password" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('register.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('register.roles.required') }]}
        >
          <Checkbox.Group className="role-options">
            {internalRoles.map((role) => (
              <Checkbox key={role} value={role}>
                <span data-testid={`user-create-role-${role}`}>{t(`role.${role}`)}</span>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="regionCode" label={t('register.region')} rules={[{ required: true, message: t('register.region.required') }]}>
          <RegionPicker testId="user-create-region" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
