import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Empty, InputNumber, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../../i18n';
import { type Candidate, type OpeningKey, type PublishedCustodian, useCandidates, useOpeningKey, useRunCeremony } from './api';
import { useOpeningKeyText } from './text';

/** security.md §2.2: 3 of 5 unless the staff choose otherwise. */
const DEFAULT_THRESHOLD = 3;
const MAX_CUSTODIANS = 9;

/**
 * 开标密钥仪式 on the workspace tender page: centre staff pick the custodians (their certificate
 * keys), choose t of n and generate the key; afterwards everyone who sees the tender reads who
 * holds which share and with which key.
 */
export function OpeningKeyCard({ tenderId, held, canRun }: { tenderId: string; held: boolean; canRun: boolean }) {
  const tx = useOpeningKeyText();
  const key = useOpeningKey(tenderId, held);
  return (
    <Card title={<h2 className="card-title-heading">{tx('title')}</h2>} data-testid="opening-key-card">
      <p className="muted">{tx('intro', { t: key.data?.threshold ?? DEFAULT_THRESHOLD })}</p>
      {held && key.isPending ? <Spin /> : null}
      {key.isError ? <ApiErrorAlert error={key.error} /> : null}
      {key.data ? <PublishedKey openingKey={key.data} /> : null}
      {held ? null : canRun ? <Ceremony tenderId={tenderId} /> : <Alert type="info" showIcon title={tx('missing')} data-testid="opening-key-missing" />}
    </Card>
  );
}

function PublishedKey({ openingKey }: { openingKey: OpeningKey }) {
  const tx = useOpeningKeyText();
  const { locale } = useI18n();
  return (
    <div data-testid="opening-key-published">
      <Space direction="vertical" className="card-gap">
        <div>
          {tx('publicKey')}：
          <Typography.Text code copyable className="tender-text" data-testid="opening-key-public">
            {openingKey.publicKey}
          </Typography.Text>
        </div>
        <div data-testid="opening-key-threshold">{tx('thresholdOf', { t: openingKey.threshold, n: openingKey.custodianCount })}</div>
        <div className="muted small">{tx('createdAt', { at: formatDateTime(openingKey.createdAt, locale) })}</div>
      </Space>
      <h3>{tx('custodians')}</h3>
      <Table<PublishedCustodian>
        rowKey="x"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={openingKey.custodians}
        onRow={(c) => ({ 'data-testid': 'opening-key-custodian', 'data-x': c.x }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: tx('col.x'), dataIndex: 'x' },
          { title: tx('col.name'), dataIndex: 'displayName' },
          { title: tx('col.source'), dataIndex: 'keySource', render: (source: PublishedCustodian['keySource']) => <Tag>{tx(`source.${source}`)}</Tag> },
          { title: tx('col.serial'), dataIndex: 'certificateSerial', render: (serial: string | null) => <Typography.Text code>{serial ?? '—'}</Typography.Text> },
          { title: tx('col.fingerprint'), dataIndex: 'fingerprint', render: (fingerprint: string) => <Fingerprint value={fingerprint} /> },
        ]}
      />
    </div>
  );
}

function Ceremony({ tenderId }: { tenderId: string }) {
  const tx = useOpeningKeyText();
  const { message } = AntApp.useApp();
  const candidates = useCandidates(tenderId, true);
  const run = useRunCeremony(tenderId);
  const [chosen, setChosen] = useState<string[]>([]);
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const n = chosen.length;
  const valid = n >= 2 && threshold >= 2 && threshold <= n;
  const submit = () =>
    run.mutate({ threshold, custodians: chosen.map((userId) => ({ userId })) }, { onSuccess: () => void message.success(tx('done')) });
  if (candidates.isPending) return <Spin />;
  if (candidates.isError) return <ApiErrorAlert error={candidates.error} />;
  return (
    <div data-testid="opening-key-ceremony">
      <h3>{tx('candidates')}</h3>
      <p className="muted small">{tx('candidates.rule')}</p>
      <Table<Candidate>
        rowKey="userId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={candidates.data}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tx('candidates.empty')} /> }}
        rowSelection={{
          selectedRowKeys: chosen,
          onChange: (keys) => setChosen((keys as string[]).slice(0, MAX_CUSTODIANS)),
          getCheckboxProps: (c) => ({ 'data-testid': `opening-key-pick-${c.userId}` }) as object,
        }}
        onRow={(c) => ({ 'data-testid': 'opening-key-candidate', 'data-user': c.userId }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: tx('col.name'), dataIndex: 'displayName' },
          { title: tx('col.relation'), dataIndex: 'relation', render: (relation: Candidate['relation']) => <Tag>{tx(`relation.${relation}`)}</Tag> },
          { title: tx('col.serial'), dataIndex: 'certificateSerial', render: (serial: string) => <Typography.Text code>{serial}</Typography.Text> },
          { title: tx('col.fingerprint'), dataIndex: 'fingerprint', render: (fingerprint: string) => <Fingerprint value={fingerprint} /> },
        ]}
      />
      <Space wrap align="center" className="card-gap">
        <span>{tx('threshold')}</span>
        <InputNumber min={2} max={Math.max(2, n)} value={threshold} onChange={(value) => setThreshold(value ?? DEFAULT_THRESHOLD)} data-testid="opening-key-threshold-input" />
        <span data-testid="opening-key-count">{tx('count', { n })}</span>
        <span className="muted small">{tx('thresholdRule')}</span>
      </Space>
      {run.isError ? <ApiErrorAlert error={run.error} testId="opening-key-error" /> : null}
      <div>
        <Popconfirm
          title={tx('confirm.title')}
          description={tx('confirm.body', { n, t: threshold })}
          okText={tx('confirm.ok')}
          cancelText={tx('confirm.cancel')}
          okButtonProps={{ 'data-testid': 'opening-key-confirm' } as Record<`data-${string}`, string>}
          onConfirm={submit}
          disabled={!valid}
        >
          <Button type="primary" icon={<KeyOutlined />} disabled={!valid} loading={run.isPending} data-testid="opening-key-run">
            {tx('run')}
          </Button>
        </Popconfirm>
      </div>
    </div>
  );
}

/** A 64-digit SM3 shown as its first 16 digits; the whole value on hover and copy. */
function Fingerprint({ value }: { value: string }) {
  return (
    <Typography.Text code copyable={{ text: value }} title={value} data-fingerprint={value}>
      {value.slice(0, 16)}…
    </Typography.Text>
  );
}
