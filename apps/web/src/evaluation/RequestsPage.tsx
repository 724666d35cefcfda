import './evaluation.css';
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Input, List, Tag } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RequireRoles } from '../components/RequireRoles';
import { type BidderRequest, useBidderRequests, useEvaluationCommand } from './api';
import { useServerOffset } from '../api/serverTime';
import { useEvaluationText } from './text';

const clock = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * `/workspace/evaluation-requests` — a bidder's written requests from evaluation committees
 * (clarification, explanation of an abnormally low price; 条例 52): the question, a countdown to
 * the deadline by server time, and one written answer strictly before it.
 */
export function RequestsPage() {
  return (
    <RequireRoles roles={['bidder']}>
      <RequestsContent />
    </RequireRoles>
  );
}

function RequestsContent() {
  const tx = useEvaluationText();
  const requests = useBidderRequests();
  const offset = useServerOffset();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <div className="workspace-page evaluation-page" data-testid="requests-page">
      <Card title={<h1 className="card-title-heading">{tx('bidderRequests.title')}</h1>}>
        <p className="muted">{tx('bidderRequests.hint')}</p>
        {requests.isError ? <ApiErrorAlert error={requests.error} /> : null}
        <List
          loading={requests.isPending}
          dataSource={requests.data ?? []}
          locale={{ emptyText: <Empty description={tx('bidderRequests.empty')} /> }}
          renderItem={(q, i) => <RequestItem request={q} index={i} left={Date.parse(q.deadline) - (now + offset)} />}
        />
      </Card>
    </div>
  );
}

function RequestItem({ request, index, left }: { request: BidderRequest; index: number; left: number }) {
  const tx = useEvaluationText();
  const command = useEvaluationCommand();
  const [text, setText] = useState('');
  return (
    <List.Item data-testid={`request-${index}`}>
      <div style={{ width: '100%' }}>
        <div>
          <Tag>{tx(`requestKind.${request.kind}`)}</Tag> {request.question}
        </div>
        <div className="muted">{request.article}</div>
        {request.answer ? (
          <Alert type="success" message={tx('requests.answer', { answer: request.answer })} data-testid={`request-${index}-answered`} />
        ) : left > 0 ? (
          <>
            <div data-testid={`request-${index}-countdown`}>{tx('bidderRequests.left', { time: clock(left) })}</div>
            <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} data-testid={`request-${index}-text`} />
            <Button type="primary" style={{ marginTop: 8 }} disabled={!text.trim()} loading={command.isPending} onClick={() => command.mutate({ path: `/api/evaluation-requests/${request.id}/answer`, body: { text: text.trim() } })} data-testid={`request-${index}-submit`}>
              {tx('bidderRequests.answer')}
            </Button>
          </>
        ) : (
          <Alert type="warning" message={tx('bidderRequests.closed')} />
        )}
        {command.isError ? <ApiErrorAlert error={command.error} /> : null}
      </div>
    </List.Item>
  );
}
