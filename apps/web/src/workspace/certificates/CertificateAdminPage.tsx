import { useState, type HTMLAttributes } from 'react';
import { App as AntApp, Button, Card, Empty, Form, Input, Modal, Select, Table, Tabs } from 'antd';
import type { TableColumnsType } from 'antd';
import { ImportOutlined, StopOutlined } from '@ant-design/icons';
import { useCaCertificates, useImportTrustedRoot, useRemoveTrustedRoot, useRevokeCertificate, useTrustedRoots } from '../../api/queries';
import { revocationReasons, type CaCertificate, type RevocationReason, type TrustedRoot } from '../../api/types';
import { ApiErrorAlert, errorText } from '../../components/ApiErrorAlert';
import { RequireRoles } from '../../components/RequireRoles';
import { formatDate, formatDateTime, useI18n } from '../../i18n';
import { useWorkspaceUser } from '../useWorkspaceUser';
import { AlgorithmTag, CertificateStatusTag, SerialText } from './CertificateTags';
import { RemoveButton } from '../../components/RemoveButton';

/** `/workspace/ca` — 证书管理 (admin, centre staff): issued certificates with revocation, and recognised foreign roots. */
export function CertificateAdminPage() {
  const { t } = useI18n();
  return (
    <RequireRoles roles={['admin', 'centreStaff']}>
      <div className="workspace-page" data-testid="ca-page">
        <Card title={<h1 className="card-title-heading">{t('nav.item.certificateAdmin')}</h1>}>
          <Tabs
            items={[
              { key: 'issued', label: <span data-testid="ca-tab-issued">{t('ca.issued.title')}</span>, children: <IssuedCertificates /> },
              { key: 'roots', label: <span data-testid="ca-tab-roots">{t('ca.roots.title')}</span>, children: <TrustedRoots /> },
            ]}
          />
        </Card>
      </div>
    </RequireRoles>
  );
}

function IssuedCertificates() {
  const { t, locale } = useI18n();
  const certificates = useCaCertificates();
  const [revoking, setRevoking] = useState<CaCertificate | null>(null);
  const rows = certificates.data?.pages.flatMap((page) => page.items) ?? [];
  if (certificates.isError) return <ApiErrorAlert error={certificates.error} onRetry={() => void certificates.refetch()} />;

  const columns: TableColumnsType<CaCertificate> = [
    { key: 'subject', title: t('cert.subject'), dataIndex: 'subject', className: 'cell-wrap' },
    { key: 'serial', title: t('cert.serial'), render: (_, row) => <SerialText serial={row.serial} /> },
    { key: 'algorithm', title: t('cert.algorithm'), render: (_, row) => <AlgorithmTag algorithm={row.algorithm} /> },
    {
      key: 'issuedAt',
      title: t('ca.issuedAt'),
      render: (_, row) => <span className="nowrap">{formatDateTime(row.issuedAt, locale)}</span>,
    },
    { key: 'notAfter', title: t('cert.notAfter'), render: (_, row) => formatDate(row.notAfter, locale) },
    {
      key: 'status',
      title: t('cert.status'),
      render: (_, row) => <CertificateStatusTag status={row.status} reason={row.revocationReason} testId={`ca-status-${row.serial}`} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, row) =>
        row.status === 'revoked' ? null : (
          <Button size="small" danger icon={<StopOutlined />} onClick={() => setRevoking(row)} data-testid={`ca-revoke-${row.serial}`}>
            {t('ca.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <Table<CaCertificate>
        rowKey="serial"
        size="small"
        loading={certificates.isPending}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(row) => ({ 'data-testid': `ca-row-${row.serial}` }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty description={t('ca.issued.empty')} /> }}
      />
      {certificates.hasNextPage ? (
        <div className="load-more">
          <Button onClick={() => void certificates.fetchNextPage()} loading={certificates.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
      <RevokeDialog certificate={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}

function RevokeDialog({ certificate, onClose }: { certificate: CaCertificate | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const revoke = useRevokeCertificate();
  const [form] = Form.useForm<{ reason: RevocationReason }>();
  const close = () => {
    revoke.reset();
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={certificate !== null}
      title={t('ca.revoke.title')}
      okText={t('ca.revoke.confirm')}
      okButtonProps={{ danger: true, loading: revoke.isPending, ...({ 'data-testid': 'ca-revoke-confirm' } as object) }}
      cancelText={t('common.cancel')}
      onCancel={close}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {certificate === null ? null : (
        <>
          <p>{t('ca.revoke.body', { subject: certificate.subject })}</p>
          <p className="muted small">
            <code className="break-all">{certificate.serial}</code>
          </p>
          {revoke.isError ? <ApiErrorAlert error={revoke.error} /> : null}
          <Form
            form={form}
            layout="vertical"
            onFinish={(values) =>
              revoke.mutate(
                { serial: certificate.serial, reason: values.reason },
                {
                  onSuccess: () => {
                    void message.success(t('ca.revoke.done'));
                    close();
                  },
                },
              )
            }
          >
            <Form.Item name="reason" label={t('ca.revoke.reason')} rules={[{ required: true, message: t('ca.revoke.reason.required') }]}>
              <Select
                data-testid="ca-revoke-reason"
                placeholder={t('ca.revoke.reason.placeholder')}
                options={revocationReasons.map((reason) => ({ value: reason, label: t(`cert.reason.${reason}`) }))}
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

function TrustedRoots() {
  const { t, locale } = useI18n();
  const user = useWorkspaceUser();
  const isAdmin = user.roles.includes('admin');
  const roots = useTrustedRoots();
  const remove = useRemoveTrustedRoot();
  const columns: TableColumnsType<TrustedRoot> = [
    { key: 'name', title: t('ca.roots.name'), dataIndex: 'name' },
    { key: 'subject', title: t('cert.subject'), dataIndex: 'subject', className: 'cell-wrap' },
    { key: 'algorithm', title: t('cert.algorithm'), render: (_, row) => <AlgorithmTag algorithm={row.algorithm} /> },
    { key: 'notAfter', title: t('cert.notAfter'), render: (_, row) => formatDate(row.notAfter, locale) },
    { key: 'fingerprint', title: t('ca.roots.fingerprint'), render: (_, row) => <code className="fingerprint">{row.fingerprint}</code> },
    ...(isAdmin
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, row: TrustedRoot) => (
              <RemoveButton confirm={t('ca.roots.removeConfirm')} onConfirm={() => remove.mutate(row.id)} />
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <p className="muted small">{t('ca.roots.hint')}</p>
      {remove.isError ? <ApiErrorAlert error={remove.error} /> : null}
      {isAdmin ? <ImportRoot /> : null}
      {roots.isError ? (
        <ApiErrorAlert error={roots.error} title={errorText(roots.error, t)} />
      ) : (
        <Table<TrustedRoot>
          data-testid="ca-roots"
          rowKey="id"
          size="small"
          loading={roots.isPending}
          columns={columns}
          dataSource={roots.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('ca.roots.empty')} /> }}
        />
      )}
    </>
  );
}

function ImportRoot() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const importRoot = useImportTrustedRoot();
  const [form] = Form.useForm<{ certificate: string; name?: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      className="import-root"
      disabled={importRoot.isPending}
      onValuesChange={() => importRoot.isError && importRoot.reset()}
      onFinish={(values) =>
        importRoot.mutate(
          { certificate: values.certificate.trim(), ...(values.name?.trim() ? { name: values.name.trim() } : {}) },
          {
            onSuccess: (root) => {
              void message.success(t('ca.roots.imported', { name: root.name }));
              form.resetFields();
            },
          },
        )
      }
    >
      {importRoot.isError ? <ApiErrorAlert error={importRoot.error} testId="ca-import-error" /> : null}
      <Form.Item name="name" label={t('ca.roots.name')} rules={[{ max: 100, message: t('register.max', { max: 100 }) }]}>
        <Input placeholder={t('ca.roots.name.placeholder')} maxLength={100} data-testid="ca-root-name" />
      </Form.Item>
      <Form.Item
        name="certificate"
        label={t('ca.roots.pem')}
        rules={[
          { required: true, message: t('ca.roots.pem.required') },
          { pattern: /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, message: t('ca.roots.pem.invalid') },
        ]}
      >
        <Input.TextArea
          rows={4}
          className="mono-input"
          placeholder="-----BEGIN CERTIFICATE-----"
          spellCheck={false}
          data-testid="ca-root-pem"
        />
      </Form.Item>
      <Button htmlType="submit" icon={<ImportOutlined />} loading={importRoot.isPending} data-testid="ca-root-import">
        {t('ca.roots.import')}
      </Button>
    </Form>
  );
}
