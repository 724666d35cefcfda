import { useMemo } from 'react';
import { Alert, Card, Table, Tag } from 'antd';
import { canonicalJson, fromBase64 } from '@ggzy/contracts';
import { verifySm2Der } from '../../crypto/transparency';
import type { OpeningRecord, OpeningRecordRow, SignedOpeningRecord } from './api';
import { type OpeningTextKey, useOpeningText } from './text';

/** The platform's signature over a closed record: canonical JSON without the signature (the server's openingRecordSigningBytes). */
export function verifySignedRecord(signed: SignedOpeningRecord): boolean {
  const { signature, ...unsigned } = signed;
  try {
    return verifySm2Der(new TextEncoder().encode(canonicalJson(unsigned)), fromBase64(signature), signed.platformPublicKey);
  } catch {
    return false;
  }
}

const decryptionLabel = (value: string): OpeningTextKey =>
  value === 'bidderKey' || value === 'custodianFallback' ? `method.${value}` : value === 'deemedRevoked' || value === 'deemedWithdrawn' ? `state.${value}` : 'state.sealed';

/** 开标记录表: one row per bid in the order received; when closed, the platform signature checked in the page. */
export function RecordCard({ record, signed }: { record: OpeningRecord; signed: SignedOpeningRecord | null }) {
  const tx = useOpeningText();
  const signatureOk = useMemo(() => (signed ? verifySignedRecord(signed) : null), [signed]);
  return (
    <Card title={tx('record.title')} data-testid="hall-record">
      {signed ? (
        <Alert
          type={signatureOk ? 'success' : 'error'}
          showIcon
          data-testid="hall-record-signature"
          data-ok={String(signatureOk)}
          title={`${tx('record.signed')} — ${signatureOk ? tx('record.signatureOk') : tx('record.signatureBad')}`}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Table<OpeningRecordRow>
        size="small"
        rowKey="bidId"
        pagination={false}
        scroll={{ x: true }}
        dataSource={record.rows}
        onRow={(row) => ({ 'data-testid': 'hall-record-row', 'data-decryption': row.decryption, 'data-price': row.price ?? '' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: tx('bids.name'), dataIndex: 'bidderName' },
          { title: tx('record.price'), dataIndex: 'price', render: (v: string | null) => v ?? '—' },
          { title: tx('record.duration'), dataIndex: 'duration', render: (v: string | null) => v ?? '—' },
          { title: tx('record.quality'), dataIndex: 'quality', render: (v: string | null) => v ?? '—' },
          { title: tx('record.security'), dataIndex: 'securityStatus' },
          { title: tx('record.decryption'), dataIndex: 'decryption', render: (v: string) => <Tag>{tx(decryptionLabel(v))}</Tag> },
        ]}
      />
      {record.fallback.used ? <p className="muted">{tx('record.fallback', { shares: record.fallback.shares.join(', ') })}</p> : null}
    </Card>
  );
}
