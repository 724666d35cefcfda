import './project.css';
import { Link } from 'react-router';
import { Button, Card, Empty, List, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RequireRoles } from '../components/RequireRoles';
import { formatDateTime, useI18n } from '../i18n';
import { workspacePaths } from '../workspace/paths';
import { useProjectText } from './messages';
import { CodeText, formatAmount, ProjectStatusTag } from './parts';
import { projectPaths } from './paths';
import { type ProjectSummary, useProjects } from './queries';

/** `/workspace/projects` — 我的项目 (tenderers, agencies): the projects I registered, newest first. */
export function MyProjectsPage() {
  const text = useProjectText();
  const projects = useProjects({ scope: 'mine', limit: 100 });
  return (
    <RequireRoles roles={['tenderer', 'agency']}>
      <div className="workspace-page" data-testid="my-projects-page">
        <Card
          title={<h1 className="card-title-heading">{text('mine.title')}</h1>}
          extra={
            <Link to={workspacePaths.projectRegistration}>
              <Button type="primary" icon={<PlusOutlined />} data-testid="my-projects-register">
                {text('mine.register')}
              </Button>
            </Link>
          }
        >
          {projects.isError ? (
            <ApiErrorAlert error={projects.error} onRetry={() => void projects.refetch()} />
          ) : (
            <List
              loading={projects.isPending}
              dataSource={projects.data?.items ?? []}
              locale={{ emptyText: <Empty description={text('mine.empty')} /> }}
              renderItem={(project) => <ProjectListItem project={project} />}
              data-testid="my-projects-list"
            />
          )}
        </Card>
      </div>
    </RequireRoles>
  );
}

export function ProjectListItem({ project, actions }: { project: ProjectSummary; actions?: React.ReactNode }) {
  const text = useProjectText();
  const { locale } = useI18n();
  return (
    <List.Item className="project-item" data-testid={`project-item-${project.projectCode}`}>
      <div className="project-item__body">
        <div className="project-item__head">
          <Link to={projectPaths.detail(project.id)} className="project-item__name">
            {project.name}
          </Link>
          <ProjectStatusTag status={project.status} />
          {project.mustEnter ? <Tag color="blue">{text('review.mustEnter')}</Tag> : null}
          {project.openAlerts > 0 ? <Tag color="red">{text('list.alerts', { count: project.openAlerts })}</Tag> : null}
        </div>
        <Space size={[12, 4]} wrap className="project-item__meta">
          <CodeText code={project.projectCode} />
          {project.investProjectCode ? <span className="muted">{project.investProjectCode}</span> : null}
          <span>{text(`category.${project.category}`)}</span>
          <span>{formatAmount(project.estimatedAmount)} 元</span>
          <span>{text('list.sections', { count: project.sectionCount })}</span>
          <span className="muted">{text('list.submitted', { time: formatDateTime(project.submittedAt, locale) })}</span>
        </Space>
      </div>
      {actions ? <div className="project-item__actions">{actions}</div> : null}
    </List.Item>
  );
}
