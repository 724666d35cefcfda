import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Empty, List, Space, Table, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { useBindCertificate, useBindings, useCaRoots, useMyCertificates, useRemoveBinding } from '../../api/queries';
import type { CertificateBinding, MyCertificate } from '../../api/types';
import { ApiErrorAlert, errorText } from '../../components/ApiErrorAlert';
import { CertificateFilesForm } from '../../components/CertificateFilesForm';
import { downloadText } from '../../crypto/download';
import { certificateErrorText } from '../../crypto/errors';
import { formatDate, useI18n } from '../../i18n';
import { useIsPhone } from '../../layout/useIsPhone';
import { useWorkspaceUser } from '../useWorkspaceUser';
import { AlgorithmTag, CertificateStatusTag, SerialText } from './CertificateTags';
import { RequestCertificate } from './RequestCertificate';
import { RemoveButton } from '../../components/RemoveButton';

/** `/workspace/certificates` — 我的证书: my certificates, applying for one, and certificates of other CAs bound to me. */
export function CertificatesPage() {
  const { t } = useI18n();
  const [requesting, setRequesting] = useState(false);
  return (
    <div className="workspace-page" data-testid="certificates-page">
      <Card
        title={<h1 className="card-title-heading">{t('cert.mine.title')}</h1>}
        extra={
          requesting ? null : (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRequesting(true)} data-testid="cert-request-open">
              {t('cert.request.open')}
            </Button>
          )
        }
      >
        {requesting ? <RequestCertificate onClose={() => setRequesting(false)} /> : null}
        <MyCertificates />
        <RootDownloads />
      </Card>
      <Bindings />
    </div>
  );
}

function MyCertificates() {
  const { t, locale } = useI18n();
  const user = useWorkspaceUser();
  const isPhone = useIsPhone();
  const certificates = useMyCertificates();
  if (certificates.isError) return <ApiErrorAlert error={certificates.error} onRetry={() => void certificates.refetch()} />;
  const download = (row: MyCertificate) => downloadText(`ggzy-${user.username}-${row.serial.slice(0, 8)}.cert.pem`, row.certificatePem);
  const empty = <Empty description={t('cert.mine.empty')} data-testid="cert-empty" />;
  if (isPhone) {
    return (
      <List
        loading={certificates.isPending}
        dataSource={certificates.data?.items ?? []}
        locale={{ emptyText: empty }}
        data-testid="cert-list"
        renderItem={(row) => (
          <List.Item className="cert-item" data-testid={`cert-row-${row.serial}`}>
            <div className="cert-item__body">
              <div className="cert-item__head">
                <AlgorithmTag algorithm={row.algorithm} />
                <CertificateStatusTag status={row.status} reason={row.revocationReason} testId={`cert-status-${row.serial}`} />
              </div>
              <div className="small break-all">{row.subject}</div>
              <div className="muted small">
                <SerialText serial={row.serial} /> · {formatDate(row.notBefore, locale)} – {formatDate(row.notAfter, locale)}
              </div>
            </div>
            <Button size="small" icon={<DownloadOutlined />} aria-label={t('cert.downloadCertificate')} onClick={() => download(row)} />
          </List.Item>
        )}
      />
    );
  }
  const columns: TableColumnsType<MyCertificate> = [
    { key: 'serial', title: t('cert.serial'), render: (_, row) => <SerialText serial={row.serial} /> },
    { key: 'algorithm', title: t('cert.algorithm'), render: (_, row) => <AlgorithmTag algorithm={row.algorithm} /> },
    { key: 'subject', title: t('cert.subject'), dataIndex: 'subject', className: 'cell-wrap' },
    {
      key: 'validity',
      title: t('cert.validity'),
      render: (_, row) => (
        <span className="nowrap">
          {formatDate(row.notBefore, locale)} – {formatDate(row.notAfter, locale)}
        </span>
      ),
    },
    {
      key: 'status',
      title: t('cert.status'),
      render: (_, row) => <CertificateStatusTag status={row.status} reason={row.revocationReason} testId={`cert-status-${row.serial}`} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, row) => (
        <Tooltip title={t('cert.downloadCertificate')}>
          <Button size="small" icon={<DownloadOutlined />} aria-label={t('cert.downloadCertificate')} onClick={() => download(row)} />
        </Tooltip>
      ),
    },
  ];
  return (
    <Table<MyCertificate>
      rowKey="serial"
      size="small"
      loading={certificates.isPending}
      columns={columns}
      dataSource={certificates.data?.items ?? []}
      pagination={false}
      scroll={{ x: 'max-content' }}
      onRow={(row) => ({ 'data-testid': `cert-row-${row.serial}` }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText: empty }}
      data-testid="cert-list"
    />
  );
}

/** The platform roots, for users who check their certificate with their own tools. */
function RootDownloads() {
  const { t } = useI18n();
  const roots = useCaRoots();
  if (!roots.data || roots.data.items.length === 0) return null;
  return (
    <div className="root-downloads muted small">
      {t('cert.roots')}
      {roots.data.items.map((root) => (
        <Button
          key={root.ca}
          type="link"
          size="small"
          icon={<DownloadOutlined />}
          onClick={() => downloadText(`ggzy-root-${root.ca}.pem`, root.pem)}
        >
          {root.algorithm === 'SM2' ? t('cert.algorithm.sm2Short') : 'P-256'}
        </Button>
      ))}
    </div>
  );
}

function Bindings() {
  const { t, locale } = useI18n();
  const bindings = useBindings();
  const bind = useBindCertificate();
  const remove = useRemoveBinding();
  const [open, setOpen] = useState(false);
  const [fileError, setFileError] = useState<unknown>(null);
  const failure = fileError ?? bind.error;

  const columns: TableColumnsType<CertificateBinding> = [
    { key: 'subject', title: t('cert.subject'), dataIndex: 'subject', className: 'cell-wrap' },
    { key: 'issuer', title: t('cert.issuer'), dataIndex: 'issuer', className: 'cell-wrap' },
    { key: 'serial', title: t('cert.serial'), render: (_, row) => <SerialText serial={row.serial} /> },
    { key: 'notAfter', title: t('cert.notAfter'), render: (_, row) => formatDate(row.notAfter, locale) },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, row) => <RemoveButton confirm={t('cert.binding.removeConfirm')} onConfirm={() => remove.mutate(row.id)} />,
    },
  ];

  return (
    <Card
      className="workspace-card"
      title={<h2 className="card-title-heading">{t('cert.binding.title')}</h2>}
      extra={
        open ? null : (
          <Button icon={<LinkOutlined />} onClick={() => setOpen(true)} data-testid="cert-bind-open">
            {t('cert.binding.open')}
          </Button>
        )
      }
    >
      <p className="muted small">{t('cert.binding.hint')}</p>
      {remove.isError ? <ApiErrorAlert error={remove.error} /> : null}
      {open ? (
        <div className="bind-form">
          {failure === null ? null : <Alert type="error" showIcon title={certificateErrorText(failure, t)} data-testid="cert-bind-error" />}
          {bind.isSuccess ? <Alert type="success" showIcon title={t('cert.binding.done', { subject: bind.data.subject })} /> : null}
          <CertificateFilesForm
            testIdPrefix="cert-bind"
            submitText={t('cert.binding.submit')}
            pending={bind.isPending}
            onEdit={() => {
              setFileError(null);
              if (bind.isError) bind.reset();
            }}
            onError={(error) => {
              bind.reset();
              setFileError(error);
            }}
            onSigner={(signer) => {
              setFileError(null);
              bind.mutate(signer);
            }}
          />
          <Space className="bind-form__close">
            <Button type="link" onClick={() => setOpen(false)}>
              {t('common.close')}
            </Button>
          </Space>
        </div>
      ) : null}
      {bindings.isError ? (
        <ApiErrorAlert error={bindings.error} title={errorText(bindings.error, t)} />
      ) : (
        <Table<CertificateBinding>
          data-testid="cert-bindings"
          rowKey="id"
          size="small"
          loading={bindings.isPending}
          columns={columns}
          dataSource={bindings.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('cert.binding.empty')} /> }}
        />
      )}
    </Card>
  );
}
