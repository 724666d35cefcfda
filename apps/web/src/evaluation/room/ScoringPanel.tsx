import { useState } from 'react';
import { Alert, Button, Card, Input, InputNumber, Radio, Space, Table } from 'antd';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { type Room, type ScoreItem, type ScoringStep, useEvaluationCommand } from '../api';
import { useEvaluationText } from '../text';

type Entry = { value?: string; reason?: string };
const keyOf = (itemId: string, bidId: string) => `${itemId}|${bidId}`;

/**
 * Independent scoring of the current step: one row per item and bid still in the evaluation;
 * FIXED (all or nothing), RANGE (a score between the bounds) and PASS_FAIL (a finding, a fail
 * needs a reason). Submitting saves the scores and closes the step for this member; the others'
 * scores of the step appear only then (E39).
 */
export function ScoringPanel({ room, step }: { room: Room; step: ScoringStep }) {
  const tx = useEvaluationText();
  const command = useEvaluationCommand();
  const items = room.configuration.items.filter((i) => i.step === step);
  const bids = room.bids.map((b, index) => ({ ...b, index })).filter((b) => !b.rejected);
  const mine = room.scores?.[room.me] ?? {};
  const myReasons = room.reasons?.[room.me] ?? {};
  const submitted = room.members.find((m) => m.id === room.me)?.submitted.includes(step) ?? false;
  const [entries, setEntries] = useState<Record<string, Entry>>({});
  const entry = (itemId: string, bidId: string): Entry => entries[keyOf(itemId, bidId)] ?? { value: mine[itemId]?.[bidId], reason: myReasons[itemId]?.[bidId] };
  const set = (itemId: string, bidId: string, patch: Entry) => setEntries((all) => ({ ...all, [keyOf(itemId, bidId)]: { ...entry(itemId, bidId), ...patch } }));

  if (items.length === 0) return <Card title={tx(`step.${step}`)}>{tx('score.noItems')}</Card>;

  async function submit() {
    const scores = items.flatMap((item) =>
      bids.flatMap((b) => {
        const e = entry(item.id, b.bidId);
        return e.value === undefined || e.value === '' ? [] : [{ itemId: item.id, bidId: b.bidId, value: e.value, ...(e.reason?.trim() ? { reason: e.reason.trim() } : {}) }];
      }),
    );
    if (scores.length > 0) await command.mutateAsync({ path: `/api/evaluations/${room.id}/scores`, body: { scores } });
    await command.mutateAsync({ path: `/api/evaluations/${room.id}/submit` });
  }

  const control = (item: ScoreItem, bidId: string, index: number) => {
    const id = `score-${item.id}-${index}`;
    const value = entry(item.id, bidId).value;
    if (item.kind === 'PASS_FAIL')
      return (
        <Radio.Group value={value} onChange={(e) => set(item.id, bidId, { value: String(e.target.value) })} disabled={submitted} optionType="button">
          <Radio.Button value="pass">
            <span data-testid={`${id}-pass`}>{tx('score.pass')}</span>
          </Radio.Button>
          <Radio.Button value="fail">
            <span data-testid={`${id}-fail`}>{tx('score.fail')}</span>
          </Radio.Button>
        </Radio.Group>
      );
    if (item.kind === 'FIXED')
      return (
        <Radio.Group value={value} onChange={(e) => set(item.id, bidId, { value: String(e.target.value) })} disabled={submitted} optionType="button">
          <Radio.Button value={item.points}>
            <span data-testid={`${id}-full`}>{item.points}</span>
          </Radio.Button>
          <Radio.Button value="0">
            <span data-testid={`${id}-zero`}>0</span>
          </Radio.Button>
        </Radio.Group>
      );
    return (
      <Space>
        <InputNumber stringMode min={item.min} max={item.max} value={value} onChange={(v) => set(item.id, bidId, { value: v === null ? '' : String(v) })} disabled={submitted} data-testid={id} />
        <span className="muted">
          {item.min}–{item.max}
        </span>
      </Space>
    );
  };

  const rows = items.flatMap((item) => bids.map((b) => ({ key: keyOf(item.id, b.bidId), item, bid: b })));
  const others = room.members.filter((m) => m.id !== room.me);
  return (
    <Card title={tx('score.title', { step: tx(`step.${step}`) })} data-testid="scoring-panel" data-submitted={submitted ? 'yes' : 'no'}>
      {submitted ? <Alert type="success" showIcon message={tx('score.submitted')} data-testid="score-submitted" /> : <p className="muted">{tx('score.hint')}</p>}
      <Table
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: tx('score.item'), key: 'item', render: (_: unknown, r) => `${r.item.name}（${tx(`kind.${r.item.kind}`)}）` },
          { title: tx('bid.bidder'), key: 'bid', render: (_: unknown, r) => r.bid.bidderName },
          { title: tx('score.value'), key: 'value', render: (_: unknown, r) => control(r.item, r.bid.bidId, r.bid.index) },
          {
            title: tx('score.reason'),
            key: 'reason',
            render: (_: unknown, r) => (
              <Input value={entry(r.item.id, r.bid.bidId).reason ?? ''} onChange={(e) => set(r.item.id, r.bid.bidId, { reason: e.target.value })} disabled={submitted} data-testid={`reason-${r.item.id}-${r.bid.index}`} />
            ),
          },
          ...(submitted
            ? others.map((m) => ({
                title: m.name,
                key: m.id,
                render: (_: unknown, r: (typeof rows)[number]) => <span className="evaluation-other">{room.scores?.[m.id]?.[r.item.id]?.[r.bid.bidId] ?? '—'}</span>,
              }))
            : []),
        ]}
      />
      {command.isError ? <ApiErrorAlert error={command.error} /> : null}
      {submitted ? null : (
        <Button type="primary" style={{ marginTop: 12 }} onClick={() => void submit().catch(() => undefined)} loading={command.isPending} data-testid="room-submit">
          {tx('score.submit')}
        </Button>
      )}
    </Card>
  );
}
