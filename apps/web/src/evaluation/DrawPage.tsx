import './evaluation.css';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Input, Modal, Space, Spin, Table, Tag } from 'antd';
import { api } from '../api/client';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RequireRoles } from '../components/RequireRoles';
import { type Draw, useDraw, useEvaluationCommand } from './api';
import { CommitteeForm } from './CommitteeForm';
import { evaluationPaths } from './paths';
import { useEvaluationText } from './text';

type Slot = Draw['slots'][number];

/**
 * `/workspace/expert-draws/:id` — one draw for centre staff: the commitment logged before it,
 * the sealed slots and the answers recorded by slot (identities stay sealed), the supplementary
 * draw (补抽) for declined or recused slots, unsealing with the avoided experts and why, the link
 * to the public verification, and the committee set up from the confirmed panel.
 */
export function DrawPage() {
  return (
    <RequireRoles roles={['centreStaff']}>
      <DrawContent />
    </RequireRoles>
  );
}

function DrawContent() {
  const tx = useEvaluationText();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const draw = useDraw(id);
  const command = useEvaluationCommand<Draw>();
  const [declining, setDeclining] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  // Names of the avoided experts: the registry is readable by staff.
  const experts = useQuery({ queryKey: ['evaluation', 'experts'], queryFn: async ({ signal }) => (await api.get('/api/experts', { signal })).items, enabled: draw.data?.status === 'unsealed' });

  if (draw.isPending) return <Spin />;
  if (draw.isError) return <ApiErrorAlert error={draw.error} />;
  const d = draw.data;
  const sealed = d.status === 'sealed';
  const answer = (slot: number, value: 'confirmed' | 'declined', why?: string) =>
    command.mutate({ path: `/api/expert-draws/${d.id}/slots/${slot}/answer`, body: { answer: value, ...(why ? { reason: why } : {}) } });
  const released = d.slots.some((s) => s.onPanel && (s.answer === 'declined' || s.answer === 'recused'));
  const allConfirmed = d.slots.filter((s) => s.onPanel).every((s) => s.answer === 'confirmed');
  const nameOf = (expertId: string) => experts.data?.find((e) => e.id === expertId)?.name ?? expertId;

  return (
    <div className="workspace-page evaluation-page" data-testid="draw-page">
      <Card title={<h1 className="card-title-heading">{tx('draw.title', { reference: d.reference })}</h1>} extra={<Tag data-testid="draw-status">{tx(`drawStatus.${d.status}`)}</Tag>}>
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={tx('field.evaluationDate')}>{d.evaluationDate}</Descriptions.Item>
          <Descriptions.Item label={tx('draw.pool')}>
            <span data-testid="draw-pool">{tx('draw.poolCounts', { candidates: d.candidateCount, excluded: d.excludedCount })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={tx('draw.commitment')} span={2}>
            <code className="evaluation-hash">{d.seedCommitment}</code>
          </Descriptions.Item>
          <Descriptions.Item label={tx('draw.candidateHash')} span={2}>
            <code className="evaluation-hash">{d.candidateHash}</code>
          </Descriptions.Item>
          {d.seed ? (
            <Descriptions.Item label={tx('draw.seed')} span={2}>
              <code className="evaluation-hash" data-testid="draw-seed">
                {d.seed}
              </code>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {d.shortfall.length > 0 ? <Alert type="warning" showIcon message={tx('draw.shortfall', { list: d.shortfall.map((s) => `${s.specialty}×${s.missing}`).join('，') })} /> : null}
      </Card>

      <Card title={tx('draw.slots')} extra={sealed ? <span className="muted">{tx('draw.sealedHint')}</span> : null}>
        <Table<Slot>
          rowKey="slot"
          size="small"
          pagination={false}
          dataSource={d.slots}
          rowClassName={(s) => (s.onPanel ? '' : 'evaluation-row--released')}
          columns={[
            { title: tx('draw.slot'), dataIndex: 'slot' },
            { title: tx('field.specialty'), dataIndex: 'specialty' },
            { title: tx('draw.drawType'), dataIndex: 'drawType', render: (v: number) => (v === 2 ? <Tag color="orange">{tx('draw.supplementaryType')}</Tag> : tx('draw.normalType')) },
            { title: tx('draw.expert'), dataIndex: 'expertName', render: (v: string | undefined) => v ?? <span className="muted">{tx('draw.sealedName')}</span> },
            {
              title: tx('draw.answer'),
              dataIndex: 'answer',
              render: (v: Slot['answer'], s) => (
                <Tag data-testid={`slot-${s.slot}-answer`} color={v === 'confirmed' ? 'green' : v === 'pending' ? 'default' : 'red'}>
                  {tx(`answer.${v}`)}
                </Tag>
              ),
            },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, s) =>
                sealed && s.onPanel && s.answer === 'pending' ? (
                  <Space>
                    <Button size="small" type="primary" onClick={() => answer(s.slot, 'confirmed')} data-testid={`slot-${s.slot}-confirm`}>
                      {tx('draw.confirm')}
                    </Button>
                    <Button size="small" danger onClick={() => setDeclining(s.slot)} data-testid={`slot-${s.slot}-decline`}>
                      {tx('draw.decline')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
        {command.isError ? <ApiErrorAlert error={command.error} /> : null}
        <Space style={{ marginTop: 12 }}>
          {sealed && released ? (
            <Button onClick={() => command.mutate({ path: `/api/expert-draws/${d.id}/supplementary` })} loading={command.isPending} data-testid="draw-supplementary">
              {tx('draw.supplementary')}
            </Button>
          ) : null}
          {sealed ? (
            <Button type="primary" disabled={!allConfirmed} onClick={() => command.mutate({ path: `/api/expert-draws/${d.id}/unseal` })} loading={command.isPending} data-testid="draw-unseal">
              {tx('draw.unseal')}
            </Button>
          ) : null}
          {d.status === 'unsealed' ? (
            <Link to={evaluationPaths.verify(d.id)} target="_blank" data-testid="draw-verify-link">
              {tx('draw.verifyLink')}
            </Link>
          ) : null}
        </Space>
      </Card>

      {d.avoided ? (
        <Card title={tx('draw.avoided')}>
          <Table
            rowKey="expertId"
            size="small"
            pagination={false}
            dataSource={d.avoided}
            data-testid="draw-avoided"
            columns={[
              { title: tx('draw.expert'), dataIndex: 'expertId', render: (v: string) => nameOf(v) },
              {
                title: tx('draw.avoidReasons'),
                dataIndex: 'reasons',
                render: (reasons: NonNullable<Draw['avoided']>[number]['reasons']) => (
                  <Space direction="vertical" size={0}>
                    {reasons.map((r) => (
                      <span key={`${r.code}-${r.kind}-${r.detail}`}>
                        <Tag>{r.code}</Tag>
                        {tx(`avoid.${r.kind}`)}：{r.detail}
                      </span>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ) : null}

      {d.status === 'unsealed' ? <CommitteeForm draw={d} tenderId={d.tenderId ?? params.get('tender') ?? ''} sectionCode={d.sectionCode ?? params.get('section') ?? d.reference} /> : null}

      <Modal
        open={declining !== null}
        title={tx('draw.declineTitle', { slot: declining ?? '' })}
        onCancel={() => setDeclining(null)}
        onOk={() => {
          if (declining !== null) answer(declining, 'declined', reason.trim() || undefined);
          setDeclining(null);
          setReason('');
        }}
        okButtonProps={{ 'data-testid': 'decline-ok' }}
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={tx('draw.declineReason')} data-testid="decline-reason" />
      </Modal>
    </div>
  );
}
