import './evaluation.css';
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Input, List, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { ResponseOf } from '../api/types';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RequireRoles } from '../components/RequireRoles';
import { evaluationKeys, useEvaluationCommand, useSpecialties } from './api';
import { useEvaluationText } from './text';

type Invitation = ResponseOf<'/api/expert-invitations', 'get'>['items'][number];

const answerColor: Record<Invitation['answer'], string> = { pending: 'processing', confirmed: 'success', declined: 'default', recused: 'warning' };

/**
 * `/workspace/expert-invitations` — a drawn expert's invitations (issue #6): the system notifies
 * each drawn expert with an account; the expert confirms, or declines with a reason, while the
 * draw awaits the answer. Only the expert's own invitations are listed (the panel stays sealed).
 */
export function InvitationsPage() {
  return (
    <RequireRoles roles={['expert']}>
      <InvitationsContent />
    </RequireRoles>
  );
}

function InvitationsContent() {
  const tx = useEvaluationText();
  const invitations = useQuery({
    queryKey: [...evaluationKeys.all, 'invitations'],
    queryFn: async ({ signal }) => (await api.get('/api/expert-invitations', { signal })).items,
    refetchInterval: 30_000,
  });
  return (
    <div className="workspace-page evaluation-page" data-testid="invitations-page">
      <Card title={<h1 className="card-title-heading">{tx('invitations.title')}</h1>}>
        <p className="muted">{tx('invitations.hint')}</p>
        {invitations.isError ? <ApiErrorAlert error={invitations.error} /> : null}
        <List
          loading={invitations.isPending}
          dataSource={invitations.data ?? []}
          locale={{ emptyText: <Empty description={tx('invitations.empty')} /> }}
          renderItem={(invitation, i) => <InvitationItem invitation={invitation} index={i} />}
        />
      </Card>
    </div>
  );
}

function InvitationItem({ invitation, index }: { invitation: Invitation; index: number }) {
  const tx = useEvaluationText();
  const specialties = useSpecialties();
  const command = useEvaluationCommand();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const specialtyName = specialties.data?.find((s) => s.code === invitation.specialty)?.name;
  const answer = (body: { answer: 'confirmed' | 'declined'; reason?: string }) => command.mutate({ path: `/api/expert-invitations/${invitation.id}/answer`, body });
  return (
    <List.Item data-testid={`invitation-${index}`}>
      <div style={{ width: '100%' }}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={tx('invitations.reference')}>{invitation.reference}</Descriptions.Item>
          <Descriptions.Item label={tx('invitations.evaluationDate')}>{invitation.evaluationDate}</Descriptions.Item>
          <Descriptions.Item label={tx('invitations.specialty')}>{specialtyName ? `${invitation.specialty} ${specialtyName}` : invitation.specialty}</Descriptions.Item>
        </Descriptions>
        <Space wrap>
          <Tag>{tx('invitations.slot', { slot: invitation.slot })}</Tag>
          {invitation.drawType === 2 ? <Tag>{tx('invitations.supplementary', { round: invitation.round })}</Tag> : null}
          <Tag color={answerColor[invitation.answer]} data-testid={`invitation-${index}-answer`}>
            {tx(`answer.${invitation.answer}`)}
          </Tag>
        </Space>
        {invitation.open ? (
          declining ? (
            <div style={{ marginTop: 8 }}>
              <Input.TextArea rows={2} maxLength={500} placeholder={tx('invitations.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid={`invitation-${index}-reason`} />
              <Space style={{ marginTop: 8 }}>
                <Button danger disabled={!reason.trim()} loading={command.isPending} onClick={() => answer({ answer: 'declined', reason: reason.trim() })} data-testid={`invitation-${index}-submit-decline`}>
                  {tx('invitations.submitDecline')}
                </Button>
                <Button onClick={() => setDeclining(false)}>{tx('invitations.cancel')}</Button>
              </Space>
            </div>
          ) : (
            <Space style={{ marginTop: 8 }}>
              <Button type="primary" loading={command.isPending} onClick={() => answer({ answer: 'confirmed' })} data-testid={`invitation-${index}-confirm`}>
                {tx('invitations.confirm')}
              </Button>
              <Button onClick={() => setDeclining(true)} data-testid={`invitation-${index}-decline`}>
                {tx('invitations.decline')}
              </Button>
            </Space>
          )
        ) : invitation.answer === 'pending' ? (
          <Alert style={{ marginTop: 8 }} type="info" message={tx('invitations.closed')} />
        ) : null}
        {command.isError ? <ApiErrorAlert error={command.error} /> : null}
      </div>
    </List.Item>
  );
}
