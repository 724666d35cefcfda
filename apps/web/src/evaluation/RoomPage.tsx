import './evaluation.css';
import { useParams } from 'react-router';
import { Alert, Button, Card, Space, Spin, Steps, Table, Tag } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { ROOM_STEPS, type Room, SCORING_STEPS, type ScoringStep, useEvaluationCommand, useRoom } from './api';
import { ChairPanel } from './room/ChairPanel';
import { ResultPanel } from './room/ResultPanel';
import { ScoringPanel } from './room/ScoringPanel';
import { useEvaluationText } from './text';

/**
 * `/workspace/evaluations/:id` — the evaluation room on a desktop screen. Members: sign-in, chair
 * vote, independent scoring step by step, the others' scores once submitted, the result and the
 * signatures; the chair's functions beside. Centre staff: the progress (no scores before the
 * result) and the start. Supervisors: everything, read only. The page polls the room.
 */
export function RoomPage() {
  const tx = useEvaluationText();
  const { id = '' } = useParams();
  const room = useRoom(id);
  const command = useEvaluationCommand();
  if (room.isPending) return <Spin />;
  if (room.isError) return <ApiErrorAlert error={room.error} />;
  const r = room.data;
  const base = `/api/evaluations/${r.id}`;
  const me = r.members.find((m) => m.id === r.me);
  const chair = r.chairId === r.me;
  const scoring = r.step !== null && (SCORING_STEPS as readonly string[]).includes(r.step);
  const current = r.step === 'signed' ? ROOM_STEPS.length : Math.max(0, ROOM_STEPS.indexOf(r.step ?? 'chairElection'));

  return (
    <div className="workspace-page evaluation-room" data-testid="room-page" data-step={r.step ?? 'preparing'} data-status={r.status}>
      <Card
        title={<h1 className="card-title-heading">{tx('room.title', { section: r.sectionCode })}</h1>}
        extra={
          <Space>
            <Tag data-testid="room-status">{tx(`status.${r.status}`)}</Tag>
            {chair ? <Tag color="gold">{tx('room.youChair')}</Tag> : null}
            {r.viewer === 'supervisor' ? <Tag color="blue">{tx('room.readOnly')}</Tag> : null}
          </Space>
        }
      >
        <Steps size="small" current={r.status === 'preparing' ? -1 : current} items={ROOM_STEPS.map((s) => ({ title: tx(`step.${s}`) }))} data-testid="room-steps" />
      </Card>

      {command.isError ? <ApiErrorAlert error={command.error} /> : null}

      <div className="evaluation-room__grid">
        <div className="evaluation-room__main">
          {r.status === 'preparing' && r.viewer === 'staff' ? (
            <Card>
              <Button type="primary" onClick={() => command.mutate({ path: `${base}/start` })} loading={command.isPending} data-testid="room-start">
                {tx('room.start')}
              </Button>
            </Card>
          ) : null}
          {me && me.signedInAt === null ? (
            <Card>
              <Alert type="info" message={tx('room.signInHint')} />
              <Button type="primary" style={{ marginTop: 8 }} onClick={() => command.mutate({ path: `${base}/sign-in` })} loading={command.isPending} data-testid="room-sign-in">
                {tx('room.signIn')}
              </Button>
            </Card>
          ) : null}
          {r.step === 'chairElection' && me ? <ChairVote room={r} /> : null}
          {scoring && me ? <ScoringPanel room={r} step={r.step as ScoringStep} /> : null}
          {r.step === 'priceScore' || r.priceScores ? <PriceScores room={r} /> : null}
          {r.step === 'result' || r.step === 'signed' ? <ResultPanel room={r} /> : null}
        </div>
        <div className="evaluation-room__side">
          <Members room={r} />
          {chair && r.status === 'inProgress' ? <ChairPanel room={r} /> : null}
          <Requests room={r} />
        </div>
      </div>
    </div>
  );
}

function Members({ room }: { room: Room }) {
  const tx = useEvaluationText();
  return (
    <Card title={tx('room.members')} size="small" data-testid="room-members">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={room.members}
        columns={[
          { title: tx('room.member'), dataIndex: 'name', render: (v: string, m) => (m.id === room.chairId ? `${v}（${tx('room.chair')}）` : v) },
          { title: tx('room.kind'), dataIndex: 'kind', render: (v: string) => tx(`memberKind.${v}`) },
          { title: tx('room.signedIn'), dataIndex: 'signedInAt', render: (v: string | null) => (v ? '✓' : '—') },
          {
            title: tx('room.progress'),
            dataIndex: 'submitted',
            render: (v: ScoringStep[], m) => (
              <span data-testid={`progress-${m.id}`}>
                {room.step && (SCORING_STEPS as readonly string[]).includes(room.step) ? (v.includes(room.step as ScoringStep) ? tx('room.submitted') : tx('room.scoring')) : v.length}
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}

function ChairVote({ room }: { room: Room }) {
  const tx = useEvaluationText();
  const command = useEvaluationCommand();
  const round = room.chairRounds.at(-1);
  const voted = round?.voted.includes(room.me) ?? false;
  return (
    <Card title={tx('vote.title')} data-testid="room-vote">
      <p className="muted">{tx('vote.hint', { round: round?.round ?? 1 })}</p>
      {voted ? (
        <Alert type="success" message={tx('vote.done')} data-testid="vote-done" />
      ) : (
        <Space wrap>
          {room.members.map((m, i) => (
            <Button key={m.id} onClick={() => command.mutate({ path: `/api/evaluations/${room.id}/chair-votes`, body: { candidateId: m.id } })} loading={command.isPending} data-testid={`vote-${i}`}>
              {m.name}
            </Button>
          ))}
        </Space>
      )}
      {command.isError ? <ApiErrorAlert error={command.error} /> : null}
    </Card>
  );
}

function PriceScores({ room }: { room: Room }) {
  const tx = useEvaluationText();
  if (!room.priceScores) return <Card title={tx('price.title')}>{tx('price.pending')}</Card>;
  const rows = room.bids.filter((b) => room.priceScores?.[b.bidId]).map((b) => ({ ...b, score: room.priceScores?.[b.bidId]?.score ?? '' }));
  return (
    <Card title={tx('price.title')} data-testid="price-scores">
      <p className="muted">{tx('price.floatPoint', { rate: room.opening.floatPoint ?? '—' })}</p>
      <Table
        rowKey="bidId"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: tx('bid.bidder'), dataIndex: 'bidderName' },
          { title: tx('bid.price'), dataIndex: 'price' },
          { title: tx('price.score'), dataIndex: 'score' },
        ]}
      />
    </Card>
  );
}

function Requests({ room }: { room: Room }) {
  const tx = useEvaluationText();
  if (room.requests.length === 0 && room.rejections.length === 0) return null;
  const nameOf = (bidId: string) => room.bids.find((b) => b.bidId === bidId)?.bidderName ?? bidId;
  return (
    <Card title={tx('requests.title')} size="small" data-testid="room-requests">
      {room.requests.map((q) => (
        <div key={q.id} className="evaluation-request">
          <Tag>{tx(`requestKind.${q.kind}`)}</Tag> {nameOf(q.bidId)}：{q.question}
          <div className="muted">{q.answer ? tx('requests.answer', { answer: q.answer }) : tx('requests.waiting', { deadline: new Date(q.deadline).toLocaleString() })}</div>
        </div>
      ))}
      {room.rejections.map((j) => (
        <div key={j.bidId} className="evaluation-request">
          <Tag color="red">{tx('reject.tag')}</Tag> {nameOf(j.bidId)}：{j.reason}（{j.article}）
        </div>
      ))}
    </Card>
  );
}
