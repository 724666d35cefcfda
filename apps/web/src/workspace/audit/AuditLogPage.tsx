import { useState, type HTMLAttributes } from 'react';
import { AutoComplete, Button, Card, Descriptions, Empty, Input, List, Modal, Spin, Table, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { useAuditEvents } from '../../api/queries';
import type { AuditEvent } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { RequireRoles } from '../../components/RequireRoles';
import type { CheckKey, EntryVerification } from '../../crypto/transparency';
import { formatDateTime, useI18n } from '../../i18n';
import { useIsPhone } from '../../layout/useIsPhone';
import { NotYetCheckpointedError, verifyAuditEvent } from './verify';

type RowVerification = { state: 'running' } | { state: 'done'; result: EntryVerification } | { state: 'failed'; error: unknown };

/**
 * `/workspace/audit` — 审计日志 (admin, supervisor): the audit trail, newest first, and for each
 * entry a check in the browser that the transparency log holds it under a signed checkpoint.
 */
export function AuditLogPage() {
  const { t, locale } = useI18n();
  const isPhone = useIsPhone();
  const [draft, setDraft] = useState('');
  const [action, setAction] = useState('');
  const events = useAuditEvents(action);
  const [verifications, setVerifications] = useState<Record<string, RowVerification>>({});
  const [shown, setShown] = useState<AuditEvent | null>(null);
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];
  const knownActions = [...new Set(rows.map((row) => row.action))].toSorted();

  const verify = (event: AuditEvent) => {
    setShown(event);
    setVerifications((state) => ({ ...state, [event.id]: { state: 'running' } }));
    verifyAuditEvent(event).then(
      (result) => setVerifications((state) => ({ ...state, [event.id]: { state: 'done', result } })),
      (error: unknown) => setVerifications((state) => ({ ...state, [event.id]: { state: 'failed', error } })),
    );
  };

  const columns: TableColumnsType<AuditEvent> = [
    { key: 'id', title: '#', render: (_, row) => <code>{row.id}</code> },
    { key: 'at', title: t('audit.at'), render: (_, row) => <span className="nowrap">{formatDateTime(row.at, locale)}</span> },
    { key: 'actor', title: t('audit.actor'), render: (_, row) => row.actorName ?? <span className="muted">{t('audit.system')}</span> },
    { key: 'action', title: t('audit.action'), render: (_, row) => <code className="audit-action">{row.action}</code> },
    {
      key: 'target',
      title: t('audit.target'),
      render: (_, row) => (row.target === null ? '—' : <code className="audit-target">{row.target}</code>),
    },
    {
      key: 'outcome',
      title: t('audit.outcome'),
      render: (_, row) => (
        <Tag color={row.outcome === 'success' ? 'green' : 'red'}>
          {row.outcome === 'success' ? t('audit.outcome.success') : t('audit.outcome.failure')}
        </Tag>
      ),
    },
    { key: 'ip', title: t('audit.ip'), render: (_, row) => <span className="muted small">{row.ip ?? '—'}</span> },
    {
      key: 'verify',
      title: t('audit.verify'),
      fixed: 'right',
      render: (_, row) => verifyCell(row),
    },
  ];

  function verifyCell(row: AuditEvent) {
    const verification = verifications[row.id];
    return (
      <span className="audit-verify">
        {verification?.state === 'done' ? (
          <Tooltip title={verification.result.ok ? t('audit.verify.ok') : t('audit.verify.bad')}>
            <span
              data-testid={`audit-verdict-${row.id}`}
              data-ok={verification.result.ok}
              className={verification.result.ok ? 'verdict verdict--ok' : 'verdict verdict--bad'}
            >
              {verification.result.ok ? <CheckCircleFilled /> : <CloseCircleFilled />}
            </span>
          </Tooltip>
        ) : null}
        <Button
          size="small"
          icon={<SafetyCertificateOutlined />}
          loading={verification?.state === 'running'}
          onClick={() => verify(row)}
          data-testid={`audit-verify-${row.id}`}
        >
          {t('audit.verify')}
        </Button>
      </span>
    );
  }

  return (
    <RequireRoles roles={['admin', 'supervisor']}>
      <div className="workspace-page" data-testid="audit-page">
        <Card
          title={<h1 className="card-title-heading">{t('nav.item.auditLog')}</h1>}
          extra={events.isFetching && !events.isPending ? <Spin size="small" /> : null}
        >
          <p className="muted small">{t('audit.hint')}</p>
          <div className="toolbar">
            <AutoComplete
              className="audit-filter"
              value={draft}
              options={knownActions.map((value) => ({ value }))}
              onChange={(value: string) => setDraft(value)}
              onSelect={(value: string) => {
                setDraft(value);
                setAction(value);
              }}
            >
              <Input.Search
                allowClear
                placeholder={t('audit.filter.placeholder')}
                enterButton={<SearchOutlined aria-label={t('audit.filter')} />}
                onSearch={(value) => setAction(value.trim())}
                data-testid="audit-filter"
              />
            </AutoComplete>
          </div>
          {events.isError ? (
            <ApiErrorAlert error={events.error} onRetry={() => void events.refetch()} />
          ) : isPhone ? (
            <List
              loading={events.isPending}
              dataSource={rows}
              className="audit-list"
              data-testid="audit-table"
              locale={{ emptyText: <Empty description={action === '' ? t('audit.empty') : t('audit.emptyFiltered', { action })} /> }}
              renderItem={(row) => (
                <List.Item className="audit-item" data-testid={`audit-row-${row.id}`} data-action={row.action}>
                  <div className="audit-item__head">
                    <code>#{row.id}</code>
                    <span className="muted small">{formatDateTime(row.at, locale)}</span>
                    {row.outcome === 'success' ? null : <Tag color="red">{t('audit.outcome.failure')}</Tag>}
                    <span className="audit-item__verify">{verifyCell(row)}</span>
                  </div>
                  <code className="audit-action">{row.action}</code>
                  <div className="muted small audit-item__meta">
                    {row.actorName ?? t('audit.system')}
                    {row.target === null ? null : (
                      <>
                        {' '}
                        · <span className="break-all">{row.target}</span>
                      </>
                    )}
                  </div>
                </List.Item>
              )}
            />
          ) : (
            <Table<AuditEvent>
              rowKey="id"
              size="small"
              loading={events.isPending}
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              onRow={(row) => ({ 'data-testid': `audit-row-${row.id}`, 'data-action': row.action }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty description={action === '' ? t('audit.empty') : t('audit.emptyFiltered', { action })} /> }}
              data-testid="audit-table"
            />
          )}
          {events.hasNextPage ? (
            <div className="load-more">
              <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} data-testid="audit-load-more">
                {t('common.loadMore')}
              </Button>
            </div>
          ) : null}
        </Card>
        <VerificationDialog
          vertical={isPhone}
          event={shown}
          verification={shown === null ? undefined : verifications[shown.id]}
          onClose={() => setShown(null)}
        />
      </div>
    </RequireRoles>
  );
}

const checkOrder: CheckKey[] = ['entry', 'content', 'signature', 'checkpoint', 'inclusion'];

function VerificationDialog({
  event,
  verification,
  vertical,
  onClose,
}: {
  event: AuditEvent | null;
  verification: RowVerification | undefined;
  vertical: boolean;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  return (
    <Modal
      open={event !== null}
      title={t('audit.verify.title', { id: event?.id ?? '' })}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      onCancel={onClose}
      width={640}
    >
      {event === null || verification === undefined ? null : verification.state === 'running' ? (
        <div className="centred-block" data-testid="audit-verification-running">
          <Spin description={t('audit.verify.running')} />
        </div>
      ) : verification.state === 'failed' ? (
        <div data-testid="audit-verification" data-ok="false">
          {verification.error instanceof NotYetCheckpointedError ? (
            <ApiErrorAlert
              error={verification.error}
              title={t('audit.verify.notYet', { index: verification.error.index, size: verification.error.treeSize })}
            />
          ) : (
            <ApiErrorAlert error={verification.error} title={t('audit.verify.fetchFailed')} />
          )}
        </div>
      ) : (
        <div data-testid="audit-verification" data-ok={verification.result.ok}>
          <div
            className={
              verification.result.ok ? 'verification-banner verification-banner--ok' : 'verification-banner verification-banner--bad'
            }
          >
            {verification.result.ok ? <CheckCircleFilled /> : <CloseCircleFilled />}
            <span>{verification.result.ok ? t('audit.verify.ok') : t('audit.verify.bad')}</span>
          </div>
          <ul className="check-list">
            {checkOrder.map((key) => {
              const check = verification.result.checks.find((candidate) => candidate.key === key);
              const ok = check?.ok === true;
              return (
                <li key={key} className={ok ? 'check-list__ok' : 'check-list__bad'} data-testid={`audit-check-${key}`} data-ok={ok}>
                  {ok ? <CheckCircleFilled /> : <CloseCircleFilled />}
                  <div>
                    <div>{t(`audit.check.${key}`)}</div>
                    {check?.reason === undefined ? null : <div className="muted small">{check.reason}</div>}
                  </div>
                </li>
              );
            })}
          </ul>
          <Descriptions
            size="small"
            column={1}
            bordered
            layout={vertical ? 'vertical' : 'horizontal'}
            items={[
              { key: 'index', label: t('audit.verify.index'), children: <code>{verification.result.index}</code> },
              {
                key: 'size',
                label: t('audit.verify.treeSize'),
                children: <code data-testid="audit-tree-size">{verification.result.treeSize}</code>,
              },
              {
                key: 'root',
                label: t('audit.verify.root'),
                children: (
                  <code className="break-all" data-testid="audit-root">
                    {verification.result.rootSm3}
                  </code>
                ),
              },
              { key: 'time', label: t('audit.verify.signedAt'), children: formatDateTime(verification.result.timestamp, locale) },
              { key: 'key', label: t('audit.verify.key'), children: <code>{verification.result.keyName}</code> },
            ]}
          />
          <p className="muted small verification-note">{t('audit.verify.note')}</p>
        </div>
      )}
    </Modal>
  );
}
