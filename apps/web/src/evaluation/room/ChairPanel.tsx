import { useState } from 'react';
import { Button, Card, Divider, Input, InputNumber, Select, Space } from 'antd';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { type Room, useEvaluationCommand, useRejectionReasons } from '../api';
import { useServerOffset } from '../../api/serverTime';
import { useEvaluationText } from '../text';

/**
 * The chair's functions: advance the step, ask for a re-score of an item with a reason, reject a
 * bid with a statutory reason code, ask a bidder for a written clarification or an explanation of
 * an abnormally low price with a deadline, decide on that explanation, compute the price scores.
 */
export function ChairPanel({ room }: { room: Room }) {
  const tx = useEvaluationText();
  const command = useEvaluationCommand();
  const reasons = useRejectionReasons();
  const offset = useServerOffset();
  const base = `/api/evaluations/${room.id}`;
  const active = room.bids.filter((b) => !b.rejected);
  const bidOptions = active.map((b) => ({ value: b.bidId, label: b.bidderName }));
  const stepItems = room.configuration.items.filter((i) => i.step === room.step);
  const sector = room.procedureType.startsWith('gp') ? 'governmentProcurement' : 'engineering';
  const [rescore, setRescore] = useState<{ itemId?: string; expertIds: string[]; reason: string }>({ expertIds: [], reason: '' });
  const [reject, setReject] = useState<{ bidId?: string; code?: string; reason: string }>({ reason: '' });
  const [ask, setAsk] = useState<{ bidId?: string; kind: 'clarification' | 'abnormalLowPrice'; question: string; minutes: number }>({ kind: 'clarification', question: '', minutes: 30 });
  const [decision, setDecision] = useState('');
  const run = (path: string, body?: unknown) => command.mutate({ path: `${base}${path}`, body });
  const open = room.requests.filter((q) => q.kind === 'abnormalLowPrice' && q.decision === null);

  return (
    <Card title={tx('chair.title')} size="small" data-testid="chair-panel">
      {command.isError ? <ApiErrorAlert error={command.error} /> : null}
      <Space wrap>
        <Button type="primary" onClick={() => run('/advance')} loading={command.isPending} data-testid="chair-advance">
          {tx('chair.advance')}
        </Button>
        {room.step === 'priceScore' ? (
          <Button onClick={() => run('/price-scores', {})} loading={command.isPending} data-testid="chair-price-scores">
            {tx('chair.priceScores')}
          </Button>
        ) : null}
      </Space>

      {stepItems.length > 0 ? (
        <>
          <Divider titlePlacement="start">{tx('chair.rescore')}</Divider>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Select placeholder={tx('score.item')} value={rescore.itemId} onChange={(itemId: string) => setRescore({ ...rescore, itemId })} options={stepItems.map((i) => ({ value: i.id, label: i.name }))} data-testid="rescore-item" />
            <Select mode="multiple" placeholder={tx('chair.rescoreMembers')} value={rescore.expertIds} onChange={(expertIds: string[]) => setRescore({ ...rescore, expertIds })} options={room.members.map((m) => ({ value: m.id, label: m.name }))} />
            <Input.TextArea rows={2} placeholder={tx('chair.reason')} value={rescore.reason} onChange={(e) => setRescore({ ...rescore, reason: e.target.value })} data-testid="rescore-reason" />
            <Button onClick={() => run('/rescore', { itemId: rescore.itemId, reason: rescore.reason, ...(rescore.expertIds.length > 0 ? { expertIds: rescore.expertIds } : {}) })} disabled={!rescore.itemId || !rescore.reason.trim()} data-testid="rescore-submit">
              {tx('chair.rescoreSubmit')}
            </Button>
          </Space>
        </>
      ) : null}

      <Divider titlePlacement="start">{tx('chair.reject')}</Divider>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select placeholder={tx('bid.bidder')} value={reject.bidId} onChange={(bidId: string) => setReject({ ...reject, bidId })} options={bidOptions} data-testid="reject-bid" />
        <Select
          placeholder={tx('chair.rejectCode')}
          value={reject.code}
          onChange={(code: string) => setReject({ ...reject, code })}
          options={(reasons.data ?? []).filter((r) => r.sector === sector).map((r) => ({ value: r.code, label: `${r.code} ${r.zh}（${r.article}）` }))}
          data-testid="reject-code"
        />
        <Input.TextArea rows={2} placeholder={tx('chair.reason')} value={reject.reason} onChange={(e) => setReject({ ...reject, reason: e.target.value })} data-testid="reject-reason" />
        <Button danger onClick={() => run('/rejections', reject)} disabled={!reject.bidId || !reject.code || !reject.reason.trim()} data-testid="reject-submit">
          {tx('chair.rejectSubmit')}
        </Button>
      </Space>

      <Divider titlePlacement="start">{tx('chair.request')}</Divider>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select placeholder={tx('bid.bidder')} value={ask.bidId} onChange={(bidId: string) => setAsk({ ...ask, bidId })} options={bidOptions} data-testid="request-bid" />
        <Select
          value={ask.kind}
          onChange={(kind: 'clarification' | 'abnormalLowPrice') => setAsk({ ...ask, kind })}
          options={[
            { value: 'clarification', label: tx('requestKind.clarification') },
            { value: 'abnormalLowPrice', label: tx('requestKind.abnormalLowPrice') },
          ]}
          data-testid="request-kind"
        />
        <Input.TextArea rows={2} placeholder={tx('chair.question')} value={ask.question} onChange={(e) => setAsk({ ...ask, question: e.target.value })} data-testid="request-question" />
        <Space>
          {tx('chair.deadlineMinutes')}
          <InputNumber min={5} max={1440} value={ask.minutes} onChange={(v) => setAsk({ ...ask, minutes: v ?? 30 })} data-testid="request-minutes" />
        </Space>
        <Button
          onClick={() => run('/requests', { bidId: ask.bidId, kind: ask.kind, question: ask.question, deadline: new Date(Date.now() + offset + ask.minutes * 60_000).toISOString() })}
          disabled={!ask.bidId || !ask.question.trim()}
          data-testid="request-submit"
        >
          {tx('chair.requestSubmit')}
        </Button>
      </Space>

      {open.length > 0 ? (
        <>
          <Divider titlePlacement="start">{tx('chair.decide')}</Divider>
          <Input.TextArea rows={2} placeholder={tx('chair.reason')} value={decision} onChange={(e) => setDecision(e.target.value)} />
          {open.map((q) => (
            <Space key={q.id} style={{ marginTop: 8 }}>
              {room.bids.find((b) => b.bidId === q.bidId)?.bidderName}
              <Button size="small" onClick={() => run(`/requests/${q.id}/decision`, { outcome: 'accepted', reason: decision })} disabled={!decision.trim()}>
                {tx('chair.accept')}
              </Button>
              <Button size="small" danger onClick={() => run(`/requests/${q.id}/decision`, { outcome: 'rejected', reason: decision })} disabled={!decision.trim()}>
                {tx('chair.rejectLow')}
              </Button>
            </Space>
          ))}
        </>
      ) : null}
    </Card>
  );
}
