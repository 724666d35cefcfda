import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Space, Table, Tag } from 'antd';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { BarChart } from '../../project/BarChart';
import { type RankedBid, type Room, useEvaluationCommand } from '../api';
import { useEvaluationText } from '../text';

/**
 * The result step: the ranking by the frozen method (expert score + price score, tie rules), a
 * chart of the totals, the members' signatures (agree, or dissent with reasons) and, once the
 * last member signed, the platform-signed report.
 */
export function ResultPanel({ room }: { room: Room }) {
  const tx = useEvaluationText();
  const command = useEvaluationCommand();
  const [reason, setReason] = useState('');
  const nameOf = (bidId: string) => room.bids.find((b) => b.bidId === bidId)?.bidderName ?? bidId;
  const ranking = room.ranking ?? room.signedReport?.ranking ?? [];
  const member = room.members.some((m) => m.id === room.me);
  const signed = room.signatures.find((s) => s.memberId === room.me);
  const sign = (decision: 'agree' | 'dissent') => command.mutate({ path: `/api/evaluations/${room.id}/signatures`, body: { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) } });

  return (
    <>
      <Card title={tx('result.ranking')} data-testid="result-ranking">
        <Table<RankedBid>
          rowKey="bidId"
          size="small"
          pagination={false}
          dataSource={ranking}
          columns={[
            { title: tx('result.rank'), dataIndex: 'rank' },
            { title: tx('bid.bidder'), dataIndex: 'bidId', render: (v: string) => <span data-testid="ranking-bidder">{nameOf(v)}</span> },
            { title: tx('bid.price'), dataIndex: 'price' },
            { title: tx('result.expertScore'), dataIndex: 'expertScore' },
            { title: tx('price.score'), dataIndex: 'priceScore' },
            { title: tx('result.total'), dataIndex: 'total', render: (v: string) => <strong data-testid="ranking-total">{v}</strong> },
            { title: tx('result.candidate'), dataIndex: 'candidate', render: (v: boolean) => (v ? <Tag color="green">{tx('result.candidateYes')}</Tag> : null) },
          ]}
        />
        <div className="evaluation-chart">
          <BarChart bars={ranking.map((r) => ({ name: nameOf(r.bidId), value: Number(r.total) }))} colour="#1677ff" testId="result-chart" />
        </div>
      </Card>

      {room.signedReport ? (
        <Card title={tx('report.title')} data-testid="signed-report">
          <Alert type="success" showIcon message={tx('report.locked')} />
          <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }}>
            <Descriptions.Item label={tx('report.format')}>{room.signedReport.format}</Descriptions.Item>
            <Descriptions.Item label={tx('report.completedAt')}>{room.signedReport.completedAt}</Descriptions.Item>
            <Descriptions.Item label={tx('report.candidates')}>{room.signedReport.candidates.map((c) => `${c.rank}. ${c.bidderName}（${c.total}）`).join('；')}</Descriptions.Item>
            <Descriptions.Item label={tx('report.signatures')}>
              {room.signedReport.signatures.map((s) => `${room.members.find((m) => m.id === s.memberId)?.name ?? s.memberId}：${tx(`sign.${s.decision}`)}${s.reason ? `（${s.reason}）` : ''}`).join('；')}
            </Descriptions.Item>
            <Descriptions.Item label={tx('report.signature')}>
              <code className="evaluation-hash">{room.signedReport.signature}</code>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      ) : member ? (
        <Card title={tx('sign.title')} data-testid="sign-panel">
          {signed ? (
            <Alert type="success" message={tx('sign.done', { decision: tx(`sign.${signed.decision}`) })} data-testid="sign-done" />
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <p className="muted">{tx('sign.hint')}</p>
              <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={tx('sign.reason')} data-testid="sign-reason" />
              <Space>
                <Button type="primary" onClick={() => sign('agree')} loading={command.isPending} data-testid="sign-agree">
                  {tx('sign.agreeButton')}
                </Button>
                <Button onClick={() => sign('dissent')} loading={command.isPending} data-testid="sign-dissent">
                  {tx('sign.dissentButton')}
                </Button>
              </Space>
            </Space>
          )}
          {command.isError ? <ApiErrorAlert error={command.error} /> : null}
          <p className="muted">{tx('sign.count', { signed: room.signatures.length, total: room.members.length })}</p>
        </Card>
      ) : null}
    </>
  );
}
