import './project.css';
import { useState } from 'react';
import { App as AntApp, Button, Card, Empty, Form, Input, List, Modal, Segmented, Space } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
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
  const [form] = Form.useForm<{ reasons: string }>();
  const submit = ({ reasons }: { reasons: string }) => {
    if (!project) return;
    const list = reasons.split('\n').map((r) => r.trim()).filter((r) => r !== '');
    review.mutate(
      { id: project.id, body: { decision: 'return', reasons: list } },
      {
        onSuccess: () => {
          void message.success(text('review.returned', { name: project.name }));
          form.resetFields();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={project !== null}
      title={text('review.returnTitle')}
      onCancel={onClose}
      okText={text('review.confirmReturn')}
      cancelText={text('review.cancel')}
      okButtonProps={{ danger: true, loading: review.isPending, 'data-testid': 'project-return-confirm' }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <p>{project?.name}</p>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reasons" label={text('review.reasons')} rules={[{ required: true, whitespace: true, message: text('review.reasons.required') }]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid="project-return-reasons" />
        </Form.Item>
      </Form>
      {review.isError ? <ApiErrorAlert error={review.error} /> : null}
    </Modal>
  );
}
