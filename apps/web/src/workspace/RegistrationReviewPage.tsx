import { useState } from 'react';
import { App as AntApp, Button, Card, Descriptions, Empty, Form, Input, List, Modal, Popconfirm, Segmented, Space, Spin, Tag } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useRegistrations, useReviewRegistration } from '../api/queries';
import type { Registration, RegistrationStatus } from '../api/types';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RequireRoles } from '../components/RequireRoles';
import { formatDateTime, useI18n } from '../i18n';
import { useRegionName } from './useRegionName';

type Filter = RegistrationStatus | 'all';
const filters: Filter[] = ['pending', 'approved', 'rejected', 'all'];
const statusColour: Record<RegistrationStatus, string> = { pending: 'gold', approved: 'green', rejected: 'red' };

/** `/workspace/registrations` — 注册审核 (centre staff, admin): the queue of registrations, approve or reject with a reason. */
export function RegistrationReviewPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Filter>('pending');
  const registrations = useRegistrations(filter);
  const [rejecting, setRejecting] = useState<Registration | null>(null);
  const items = registrations.data?.items ?? [];
  return (
    <RequireRoles roles={['centreStaff', 'admin']}>
      <div className="workspace-page" data-testid="review-page">
        <Card
          title={<h1 className="card-title-heading">{t('nav.item.registrationReview')}</h1>}
          extra={registrations.isFetching && !registrations.isPending ? <Spin size="small" /> : null}
        >
          <div className="toolbar">
            <Segmented<Filter>
              value={filter}
              onChange={setFilter}
              options={filters.map((value) => ({
                value,
                label: <span data-testid={`review-filter-${value}`}>{t(`review.filter.${value}`)}</span>,
              }))}
            />
          </div>
          {registrations.isError ? (
            <ApiErrorAlert error={registrations.error} onRetry={() => void registrations.refetch()} />
          ) : (
            <List
              loading={registrations.isPending}
              dataSource={items}
              locale={{
                emptyText: (
                  <Empty description={t(filter === 'pending' ? 'review.emptyPending' : 'review.empty')} data-testid="review-empty" />
                ),
              }}
              renderItem={(registration) => <RegistrationItem registration={registration} onReject={() => setRejecting(registration)} />}
              data-testid="review-list"
            />
          )}
        </Card>
        <RejectDialog registration={rejecting} onClose={() => setRejecting(null)} />
      </div>
    </RequireRoles>
  );
}

function RegistrationItem({ registration, onReject }: { registration: Registration; onReject: () => void }) {
  const { t, locale } = useI18n();
  const { message } = AntApp.useApp();
  const review = useReviewRegistration();
  const { entity, account } = registration;
  const regionName = useRegionName(entity.regionCode);
  const pending = registration.status === 'pending';
  const approve = () =>
    review.mutate(
      { id: registration.id, decision: 'approve' },
      { onSuccess: () => void message.success(t('review.approved', { name: entity.name })) },
    );
  return (
    <List.Item className="review-item" data-testid={`registration-${account.username}`}>
      <div className="review-item__body">
        <div className="review-item__head">
          <span className="review-item__name">{entity.name}</span>
          <Tag color={statusColour[registration.status]} data-testid="registration-status">
            {t(`registration.status.${registration.status}`)}
          </Tag>
        </div>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
          items={[
            { key: 'kind', label: t('register.kind.label'), children: t(`register.kind.${entity.kind}`) },
            entity.uscc !== null
              ? { key: 'uscc', label: t('register.uscc'), children: <code className="nowrap">{entity.uscc}</code> }
              : { key: 'citizenId', label: t('register.citizenId'), children: <code>{entity.citizenIdMasked ?? '—'}</code> },
            { key: 'region', label: t('register.region'), children: regionName ?? '—' },
            {
              key: 'account',
              label: t('review.account'),
              children: (
                <span>
                  {account.displayName} · <code>{account.username}</code>
                </span>
              ),
            },
            {
              key: 'roles',
              label: t('register.roles'),
              children: (
                <Space size={[4, 4]} wrap>
                  {account.roles.map((role) => (
                    <Tag key={role}>{t(`role.${role}`)}</Tag>
                  ))}
                </Space>
              ),
            },
            { key: 'submitted', label: t('review.submittedAt'), children: formatDateTime(registration.submittedAt, locale) },
            ...(registration.reviewedAt === null
              ? []
              : [{ key: 'reviewed', label: t('review.reviewedAt'), children: formatDateTime(registration.reviewedAt, locale) }]),
            ...(registration.reason === null ? [] : [{ key: 'reason', label: t('review.reason'), children: registration.reason }]),
          ]}
        />
        {review.isError ? <ApiErrorAlert error={review.error} /> : null}
      </div>
      {pending ? (
        <div className="review-item__actions">
          <Popconfirm
            title={t('review.approveConfirm', { name: entity.name })}
            okText={t('review.approve')}
            cancelText={t('common.cancel')}
            onConfirm={approve}
            okButtonProps={{ ...({ 'data-testid': 'registration-approve-confirm' } as object) }}
          >
            <Button type="primary" icon={<CheckOutlined />} loading={review.isPending} data-testid="registration-approve">
              {t('review.approve')}
            </Button>
          </Popconfirm>
          <Button danger icon={<CloseOutlined />} onClick={onReject} disabled={review.isPending} data-testid="registration-reject">
            {t('review.reject')}
          </Button>
        </div>
      ) : null}
    </List.Item>
  );
}

function RejectDialog({ registration, onClose }: { registration: Registration | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const review = useReviewRegistration();
  const [form] = Form.useForm<{ reason: string }>();
  const close = () => {
    review.reset();
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={registration !== null}
      title={t('review.reject.title')}
      okText={t('review.reject')}
      okButtonProps={{ danger: true, loading: review.isPending, ...({ 'data-testid': 'registration-reject-confirm' } as object) }}
      cancelText={t('common.cancel')}
      onCancel={close}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {registration === null ? null : (
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) =>
            review.mutate(
              { id: registration.id, decision: 'reject', reason: values.reason.trim() },
              {
                onSuccess: () => {
                  void message.success(t('review.rejected', { name: registration.entity.name }));
                  close();
                },
              },
            )
          }
        >
          <p>{t('review.reject.body', { name: registration.entity.name })}</p>
          {review.isError ? <ApiErrorAlert error={review.error} /> : null}
          <Form.Item
            name="reason"
            label={t('review.reason')}
            rules={[
              { required: true, whitespace: true, message: t('review.reason.required') },
              { min: 2, max: 500, message: t('review.reason.length') },
            ]}
          >
            <Input.TextArea rows={4} maxLength={500} showCount data-testid="registration-reject-reason" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
