import { useState, type HTMLAttributes } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ApiError } from '../api/client';
import { useAddQualification, useMyEntity, useProfileVersions, useRemoveQualification, useUpdateProfile } from '../api/queries';
import type { EntityProfile, EntitySpace, ProfileVersion, Qualification, QualificationInput } from '../api/types';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { PHONE_PATTERN } from '../domain/password';
import { formatDateTime, useI18n } from '../i18n';
import { useRegionName } from './useRegionName';

/** `/workspace/entity` — 主体信息 / 企业数字空间: my entity, its versioned profile and its qualifications. */
export function EntitySpacePage() {
  const space = useMyEntity();
  if (space.isPending) {
    return (
      <div className="centred-block">
        <Spin />
      </div>
    );
  }
  if (space.isError) {
    if (space.error instanceof ApiError && space.error.status === 404) {
      return <Result status="info" title={space.error.message} data-testid="entity-none" />;
    }
    return <ApiErrorAlert error={space.error} onRetry={() => void space.refetch()} />;
  }
  return (
    <div className="workspace-page" data-testid="entity-page">
      <EntityCard space={space.data} />
      <ProfileCard space={space.data} />
      <QualificationsCard space={space.data} />
      <VersionsCard />
    </div>
  );
}

function EntityCard({ space }: { space: EntitySpace }) {
  const { t } = useI18n();
  const regionName = useRegionName(space.regionCode);
  return (
    <Card
      title={<h1 className="card-title-heading">{space.name}</h1>}
      extra={<Tag color={space.status === 'approved' ? 'green' : 'gold'}>{entityStatusText(space.status, t)}</Tag>}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        data-testid="entity-info"
        items={[
          { key: 'kind', label: t('register.kind.label'), children: t(`register.kind.${space.kind}`) },
          space.uscc !== null
            ? { key: 'uscc', label: t('register.uscc'), children: <code>{space.uscc}</code> }
            : { key: 'citizenId', label: t('register.citizenId'), children: <code>{space.citizenIdMasked ?? '—'}</code> },
          { key: 'region', label: t('register.region'), children: regionName ?? '—' },
          { key: 'version', label: t('entity.profileVersion'), children: `v${space.profileVersion}` },
        ]}
      />
    </Card>
  );
}

function entityStatusText(status: string, t: ReturnType<typeof useI18n>['t']): string {
  return status === 'approved' || status === 'pending' || status === 'rejected' ? t(`registration.status.${status}`) : status;
}

function ProfileCard({ space }: { space: EntitySpace }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const profile = space.profile;
  const person = space.kind === 'naturalPerson';
  return (
    <Card
      className="workspace-card"
      title={<h2 className="card-title-heading">{t('entity.profile')}</h2>}
      extra={
        editing ? null : (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="entity-profile-edit">
            {t('entity.profile.edit')}
          </Button>
        )
      }
    >
      {editing ? (
        <ProfileForm space={space} onDone={() => setEditing(false)} />
      ) : profile === null ? (
        <Empty description={t('entity.profile.empty')} />
      ) : (
        <ProfileView profile={profile} person={person} />
      )}
    </Card>
  );
}

function ProfileView({ profile, person }: { profile: EntityProfile; person: boolean }) {
  const { t } = useI18n();
  const none = <span className="muted">{t('workspace.none')}</span>;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid="entity-profile"
      items={[
        ...(person ? [] : [{ key: 'legal', label: t('register.legalRepresentative'), children: profile.legalRepresentative ?? none }]),
        { key: 'address', label: t('register.address'), children: profile.address ?? none },
        ...(person ? [] : [{ key: 'scope', label: t('register.businessScope'), children: profile.businessScope ?? none }]),
        {
          key: 'contacts',
          label: t('register.contacts'),
          children: (
            <ul className="plain-list">
              {profile.contacts.map((contact, position) => (
                <li key={position}>
                  {contact.name} · {contact.phone}
                  {contact.email === undefined ? null : ` · ${contact.email}`}
                </li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}

/** Trimmed text, or undefined for blank (optional profile fields are left out rather than sent empty). */
function clean(text: string | undefined): string | undefined {
  return text?.trim() ? text.trim() : undefined;
}

function ProfileForm({ space, onDone }: { space: EntitySpace; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const update = useUpdateProfile();
  const person = space.kind === 'naturalPerson';
  const initial = space.profile ?? { contacts: [{ name: '', phone: '' }] };
  const submit = (values: EntityProfile) => {
    const legalRepresentative = clean(values.legalRepresentative);
    const address = clean(values.address);
    const businessScope = clean(values.businessScope);
    const profile: EntityProfile = {
      ...(legalRepresentative === undefined ? {} : { legalRepresentative }),
      ...(address === undefined ? {} : { address }),
      ...(businessScope === undefined ? {} : { businessScope }),
      contacts: values.contacts.map((contact) => ({
        name: contact.name.trim(),
        phone: contact.phone.trim(),
        ...(clean(contact.email) === undefined ? {} : { email: clean(contact.email) }),
      })),
    };
    update.mutate(profile, {
      onSuccess: (saved) => {
        void message.success(t('entity.profile.saved', { version: saved.profileVersion }));
        onDone();
      },
    });
  };
  return (
    <Form<EntityProfile>
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      disabled={update.isPending}
      data-testid="entity-profile-form"
    >
      {update.isError ? <ApiErrorAlert error={update.error} /> : null}
      {person ? null : (
        <Form.Item
          name="legalRepresentative"
          label={t('register.legalRepresentative')}
          rules={[{ max: 50, message: t('register.max', { max: 50 }) }]}
        >
          <Input maxLength={50} data-testid="entity-legal-representative" />
        </Form.Item>
      )}
      <Form.Item name="address" label={t('register.address')} rules={[{ max: 200, message: t('register.max', { max: 200 }) }]}>
        <Input maxLength={200} data-testid="entity-address" />
      </Form.Item>
      {person ? null : (
        <Form.Item name="businessScope" label={t('register.businessScope')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      )}
      <div className="register__section-title">{t('register.contacts')}</div>
      <Form.List name="contacts">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <div key={field.key} className="contact-row">
                <Form.Item
                  name={[field.name, 'name']}
                  label={t('register.contact.name')}
                  rules={[{ required: true, whitespace: true, message: t('register.contact.name.required') }]}
                >
                  <Input maxLength={50} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'phone']}
                  label={t('register.contact.phone')}
                  rules={[
                    { required: true, message: t('register.contact.phone.required') },
                    { pattern: PHONE_PATTERN, message: t('register.contact.phone.invalid') },
                  ]}
                >
                  <Input maxLength={20} inputMode="tel" />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'email']}
                  label={t('register.contact.email')}
                  rules={[{ type: 'email', message: t('register.contact.email.invalid') }]}
                >
                  <Input maxLength={200} inputMode="email" />
                </Form.Item>
                {fields.length > 1 ? (
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} className="contact-row__remove">
                    {t('register.contact.remove')}
                  </Button>
                ) : null}
              </div>
            ))}
            {fields.length < 10 ? (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', phone: '' })} block>
                {t('register.contact.add')}
              </Button>
            ) : null}
          </>
        )}
      </Form.List>
      <Space className="form-actions">
        <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="entity-profile-save">
          {t('entity.profile.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}

function VersionsCard() {
  const { t, locale } = useI18n();
  const versions = useProfileVersions();
  return (
    <Card className="workspace-card" title={<h2 className="card-title-heading">{t('entity.versions')}</h2>}>
      {versions.isError ? (
        <ApiErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />
      ) : versions.isPending ? (
        <Spin />
      ) : (
        <Timeline
          data-testid="entity-versions"
          items={versions.data.items.map((version, position) => ({
            key: version.version,
            color: position === 0 ? 'blue' : 'gray',
            // Everything in `content`: antd 6 puts a `title` on the other side of the line.
            content: (
              <div>
                <div className="timeline-title">
                  <strong>v{version.version}</strong> · {formatDateTime(version.changedAt, locale)}
                  {position === 0 ? (
                    <Tag color="blue" className="timeline-tag">
                      {t('entity.versions.current')}
                    </Tag>
                  ) : null}
                </div>
                <VersionSummary version={version} previous={versions.data.items[position + 1]} />
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/** What changed from the previous version, field by field. */
function VersionSummary({ version, previous }: { version: ProfileVersion; previous: ProfileVersion | undefined }) {
  const { t } = useI18n();
  if (previous === undefined) return <span className="muted small">{t('entity.versions.first')}</span>;
  const fields: Array<{ key: 'legalRepresentative' | 'address' | 'businessScope' | 'contacts'; label: string }> = [
    { key: 'legalRepresentative', label: t('register.legalRepresentative') },
    { key: 'address', label: t('register.address') },
    { key: 'businessScope', label: t('register.businessScope') },
    { key: 'contacts', label: t('register.contacts') },
  ];
  const changed = fields.filter(
    (field) => JSON.stringify(version.profile[field.key] ?? null) !== JSON.stringify(previous.profile[field.key] ?? null),
  );
  if (changed.length === 0) return <span className="muted small">{t('entity.versions.noChange')}</span>;
  return (
    <div className="small">
      {t('entity.versions.changed')}
      {changed.map((field) => (
        <Tag key={field.key} className="timeline-tag">
          {field.label}
        </Tag>
      ))}
      {version.profile.address !== previous.profile.address && version.profile.address !== undefined ? (
        <div className="muted">
          {t('register.address')}：{version.profile.address}
        </div>
      ) : null}
    </div>
  );
}

function QualificationsCard({ space }: { space: EntitySpace }) {
  const { t } = useI18n();
  const remove = useRemoveQualification();
  const [adding, setAdding] = useState(false);
  const columns: TableColumnsType<Qualification> = [
    {
      key: 'type',
      title: t('qualification.type'),
      render: (_, row) => (
        <span>
          {row.type}
          {row.level === null ? null : <span className="muted"> · {row.level}</span>}
        </span>
      ),
      className: 'cell-wrap',
    },
    { key: 'certificateNo', title: t('qualification.certificateNo'), dataIndex: 'certificateNo' },
    { key: 'issuer', title: t('qualification.issuer'), dataIndex: 'issuer', className: 'cell-wrap' },
    {
      key: 'validity',
      title: t('qualification.validity'),
      render: (_, row) => (
        <span className="nowrap">
          {row.validFrom ?? '…'} – {row.validUntil ?? t('qualification.noExpiry')}{' '}
          {row.expired ? (
            <Tag color="red" icon={<WarningOutlined />} data-testid="qualification-expired">
              {t('qualification.expired')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, row) => (
        <Popconfirm
          title={t('qualification.removeConfirm', { type: row.type })}
          okText={t('common.remove')}
          cancelText={t('common.cancel')}
          onConfirm={() => remove.mutate(row.id)}
        >
          <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} />
        </Popconfirm>
      ),
    },
  ];
  return (
    <Card
      className="workspace-card"
      title={<h2 className="card-title-heading">{t('qualification.title')}</h2>}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="qualification-add">
          {t('qualification.add')}
        </Button>
      }
    >
      {remove.isError ? <ApiErrorAlert error={remove.error} /> : null}
      <Table<Qualification>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={space.qualifications}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(row) => (row.expired ? 'row-expired' : '')}
        onRow={(row) => ({ 'data-testid': `qualification-${row.certificateNo}` }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty description={t('qualification.empty')} /> }}
      />
      <AddQualificationDialog open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}

interface QualificationValues {
  type: string;
  level?: string;
  certificateNo: string;
  issuer: string;
  validFrom?: Dayjs | null;
  validUntil?: Dayjs | null;
}

function AddQualificationDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const add = useAddQualification();
  const [form] = Form.useForm<QualificationValues>();
  const close = () => {
    add.reset();
    form.resetFields();
    onClose();
  };
  const submit = (values: QualificationValues) => {
    const input: QualificationInput = {
      type: values.type.trim(),
      certificateNo: values.certificateNo.trim(),
      issuer: values.issuer.trim(),
      ...(values.level?.trim() ? { level: values.level.trim() } : {}),
      ...(values.validFrom ? { validFrom: values.validFrom.format('YYYY-MM-DD') } : {}),
      ...(values.validUntil ? { validUntil: values.validUntil.format('YYYY-MM-DD') } : {}),
    };
    add.mutate(input, { onSuccess: close });
  };
  return (
    <Modal
      open={open}
      title={t('qualification.add')}
      okText={t('common.save')}
      okButtonProps={{ loading: add.isPending, ...({ 'data-testid': 'qualification-save' } as object) }}
      cancelText={t('common.cancel')}
      onCancel={close}
      onOk={() => form.submit()}
      forceRender
    >
      {add.isError ? <ApiErrorAlert error={add.error} /> : null}
      <Form<QualificationValues> form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="type"
          label={t('qualification.type')}
          rules={[{ required: true, whitespace: true, message: t('qualification.type.required') }]}
        >
          <Input maxLength={100} placeholder={t('qualification.type.placeholder')} data-testid="qualification-type" />
        </Form.Item>
        <Form.Item name="level" label={t('qualification.level')}>
          <Input maxLength={50} placeholder={t('qualification.level.placeholder')} />
        </Form.Item>
        <Form.Item
          name="certificateNo"
          label={t('qualification.certificateNo')}
          rules={[{ required: true, whitespace: true, message: t('qualification.certificateNo.required') }]}
        >
          <Input maxLength={100} data-testid="qualification-certificate-no" />
        </Form.Item>
        <Form.Item
          name="issuer"
          label={t('qualification.issuer')}
          rules={[{ required: true, whitespace: true, message: t('qualification.issuer.required') }]}
        >
          <Input maxLength={100} data-testid="qualification-issuer" />
        </Form.Item>
        <Space wrap className="date-pair">
          <Form.Item name="validFrom" label={t('qualification.validFrom')}>
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label={t('qualification.validUntil')}
            dependencies={['validFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, value: Dayjs | null | undefined) => {
                  const from = getFieldValue('validFrom') as Dayjs | null | undefined;
                  if (value && from && value.isBefore(from, 'day')) throw new Error(t('qualification.validUntil.beforeFrom'));
                },
              }),
            ]}
          >
            <DatePicker />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
