import './project.css';
import { useState } from 'react';
import { App as AntApp, Button, Card, Empty, List, Segmented, Space } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { ReasonDialog } from '../components/ReasonDialog';
import { RequireRoles } from '../components/RequireRoles';
import { useProjectText } from './messages';
import { ProjectListItem } from './MyProjectsPage';
import { type ProjectStatus, type ProjectSummary, useProjects, useReviewProject } from './queries';

const filters: ProjectStatus[] = ['pending', 'returned', 'accepted'];

/** `/workspace/project-review` — 进场审核 (centre staff): accept an entry request, or return it with reasons. */
export function ProjectReviewPage() {
  const text = useProjectText();
  const [status, setStatus] = useState<ProjectStatus>('pending');
  const projects = useProjects({ scope: 'all', status, limit: 100 });
  const [returning, setReturning] = useState<ProjectSummary | null>(null);
  return (
    <RequireRoles roles={['centreStaff']}>
      <div className="workspace-page" data-testid="project-review-page">
        <Card title={<h1 className="card-title-heading">{text('review.title')}</h1>}>
          <div className="toolbar">
            <Segmented<ProjectStatus>
              value={status}
              onChange={setStatus}
              options={filters.map((value) => ({ value, label: <span data-testid={`project-review-filter-${value}`}>{text(`review.filter.${value}`)}</span> }))}
            />
          </div>
          {projects.isError ? (
            <ApiErrorAlert error={projects.error} onRetry={() => void projects.refetch()} />
          ) : (
            <List
              loading={projects.isPending}
              dataSource={projects.data?.items ?? []}
              locale={{ emptyText: <Empty description={text('review.empty')} /> }}
              renderItem={(project) => (
                <ProjectListItem project={project} actions={project.status === 'pending' ? <ReviewActions project={project} onReturn={() => setReturning(project)} /> : null} />
              )}
              data-testid="project-review-list"
            />
          )}
        </Card>
        <ReturnDialog project={returning} onClose={() => setReturning(null)} />
      </div>
    </RequireRoles>
  );
}

function ReviewActions({ project, onReturn }: { project: ProjectSummary; onReturn: () => void }) {
  const text = useProjectText();
  const { message } = AntApp.useApp();
  const review = useReviewProject();
  return (
    <Space wrap>
      <Button
        type="primary"
        icon={<CheckOutlined />}
        loading={review.isPending}
        data-testid="project-accept"
        onClick={() => review.mutate({ id: project.id, body: { decision: 'accept' } }, { onSuccess: () => void message.success(text('review.accepted', { name: project.name })) })}
      >
        {text('review.accept')}
      </Button>
      <Button danger icon={<RollbackOutlined />} onClick={onReturn} data-testid="project-return">
        {text('review.return')}
      </Button>
      {review.isError ? <ApiErrorAlert error={review.error} /> : null}
    </Space>
  );
}

function ReturnDialog({ project, onClose }: { project: ProjectSummary | null; onClose: () => void }) {
  const text = useProjectText();
  const { message } = AntApp.useApp();
  const review = useReviewProject();
  return (
    <ReasonDialog
      open={project !== null}
      subject={project?.name}
      texts={{ title: text('review.returnTitle'), ok: text('review.confirmReturn'), cancel: text('review.cancel'), label: text('review.reasons'), required: text('review.reasons.required') }}
      testIds={{ confirm: 'project-return-confirm', input: 'project-return-reasons' }}
      pending={review.isPending}
      error={review.isError ? review.error : null}
      onClose={onClose}
      onSubmit={(reasons, done) => {
        if (!project) return;
        // One reason per line (退回理由): the server keeps them as a list.
        const list = reasons.split('\n').map((r) => r.trim()).filter((r) => r !== '');
        review.mutate(
          { id: project.id, body: { decision: 'return', reasons: list } },
          {
            onSuccess: () => {
              void message.success(text('review.returned', { name: project.name }));
              done();
            },
          },
        );
      }}
    />
  );
}
