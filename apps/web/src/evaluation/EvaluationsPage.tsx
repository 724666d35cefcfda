import './evaluation.css';
import { Link } from 'react-router';
import { Card, Empty, Table, Tag } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../i18n';
import { type RoomSummary, useRooms } from './api';
import { evaluationPaths } from './paths';
import { useEvaluationText } from './text';

/** `/workspace/evaluations` — an expert's evaluation tasks (their committees); all evaluations for centre staff and supervisors. */
export function EvaluationsPage() {
  const tx = useEvaluationText();
  const { locale } = useI18n();
  const rooms = useRooms();
  return (
    <div className="workspace-page evaluation-page" data-testid="evaluations-page">
      <Card title={<h1 className="card-title-heading">{tx('rooms.title')}</h1>}>
        <p className="muted">{tx('rooms.hint')}</p>
        {rooms.isError ? <ApiErrorAlert error={rooms.error} /> : null}
        <Table<RoomSummary>
          rowKey="id"
          size="small"
          loading={rooms.isPending}
          dataSource={rooms.data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={tx('rooms.empty')} /> }}
          columns={[
            {
              title: tx('field.sectionCode'),
              dataIndex: 'sectionCode',
              render: (v: string, r) => (
                <Link to={evaluationPaths.room(r.id)} data-testid={`room-link-${v}`}>
                  {v}
                </Link>
              ),
            },
            { title: tx('room.status'), dataIndex: 'status', render: (v: RoomSummary['status']) => <Tag>{tx(`status.${v}`)}</Tag> },
            { title: tx('room.step'), dataIndex: 'step', render: (v: RoomSummary['step']) => (v ? tx(`step.${v}`) : '—') },
            { title: tx('draw.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
          ]}
        />
      </Card>
    </div>
  );
}
