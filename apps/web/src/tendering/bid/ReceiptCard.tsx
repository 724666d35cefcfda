import { useEffect, useState } from 'react';
import { Alert, Descriptions, List, Spin, Tag } from 'antd';
import { formatDateTime, useI18n } from '../../i18n';
import type { BidReceipt } from './api';
import type { ReceiptVerification } from './receipt';
import { useBidText } from './text';

/** A receipt with its in-browser verification (signature, signed checkpoint, inclusion proof). */
export function ReceiptCard({ receipt }: { receipt: BidReceipt }) {
  const tx = useBidText();
  const { locale } = useI18n();
  const [verification, setVerification] = useState<ReceiptVerification | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('./receipt')
      .then(({ verifyReceipt }) => verifyReceipt(receipt))
      .then((result) => live && setVerification(result))
      .catch((error: unknown) => live && setFailure(error instanceof Error ? error.message : String(error)));
    return () => {
      live = false;
    };
  }, [receipt]);
  const ok = verification?.ok ?? false;
  return (
    <div data-testid="bid-receipt" data-ok={verification ? String(ok) : undefined} data-bid={receipt.bidId}>
      {verification === null && failure === null ? (
        <Spin tip={tx('receipt.checking')}>
          <div style={{ minHeight: 48 }} />
        </Spin>
      ) : (
        <Alert type={ok ? 'success' : 'error'} showIcon title={ok ? tx('receipt.ok') : tx('receipt.bad')} description={failure ?? undefined} />
      )}
      <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }}>
        <Descriptions.Item label={tx('receipt.version')}>{receipt.version}</Descriptions.Item>
        <Descriptions.Item label={tx('receipt.receivedAt')}>
          <span data-testid="bid-receipt-time">{formatDateTime(receipt.receivedAt, locale)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={tx('receipt.package')}>
          <code className="break-all" data-testid="bid-receipt-package">
            {receipt.packageSm3}
          </code>
        </Descriptions.Item>
        <Descriptions.Item label={tx('receipt.logIndex')}>
          <span data-testid="bid-receipt-log-index">{receipt.logIndex}</span>
        </Descriptions.Item>
        <Descriptions.Item label={tx('receipt.batchLabel')}>
          <span data-testid="bid-receipt-batch">{tx('receipt.batch', { size: receipt.batch.size, index: receipt.batch.index + 1 })}</span>
        </Descriptions.Item>
      </Descriptions>
      {verification ? (
        <List
          size="small"
          header={tx('receipt.tree', { size: verification.treeSize })}
          dataSource={verification.checks}
          renderItem={(check) => (
            <List.Item data-testid={`receipt-check-${check.key}`} data-ok={String(check.ok)}>
              <Tag color={check.ok ? 'green' : 'red'}>{check.ok ? '✓' : '✗'}</Tag> {tx(`check.${check.key}`)}
              {check.reason ? <span className="muted"> — {check.reason}</span> : null}
            </List.Item>
          )}
        />
      ) : null}
    </div>
  );
}
