import './project.css';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Empty, Space, Spin, Steps, Table, Tag, Timeline } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { LIFECYCLE_STAGES, type LifecycleStage } from '@ggzy/contracts';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../i18n';
import { useRegionName } from '../workspace/useRegionName';
import { useIsPhone } from '../layout/useIsPhone';
import { useWorkspaceUser } from '../workspace/useWorkspaceUser';
import { useProjectText } from './messages';
import { CodeText, formatAmount, ProjectStatusTag } from './parts';
import { projectPaths } from './paths';
import { type LifecycleAlert, type Project, type Timeline as TimelineData, useProject, useTimeline } from './queries';

/** `/workspace/projects/:id` — a project with its unified codes, its lifecycle timeline and its alerts. */
export function ProjectPage() {
  const { id } = useParams();
  const project = useProject(id);
  const timeline = useTimeline(id);
  if (project.isPending) return <Spin />;
  if (project.isError) return <ApiErrorAlert error={project.error} />;
  return (
    <div className="workspace-page project-page" data-testid="project-page">
      <ProjectHeader project={project.data} />
      {timeline.isError ? <ApiErrorAlert error={timeline.error} /> : null}
      {timeline.data ? <AlertsCard alerts={timeline.data.alerts} /> : null}
      <CodesCard project={project.data} />
      {timeline.data ? <LifecycleCard timeline={timeline.data} /> : <Spin />}
    </div>
  );
}

function ProjectHeader({ project }: { project: Project }) {
  const text = useProjectText();
  const { locale } = useI18n();
  const user = useWorkspaceUser();
  const regionName = useRegionName(project.regionCode);
  const mine = project.registeredBy === user.id;
  return (
    <Card
      title={
        <h1 className="card-title-heading" data-testid="project-title">
          {project.name}
        </h1>
      }
      extra={
        mine && project.status === 'returned' ? (
          <Link to={projectPaths.edit(project.id)}>
            <Button icon={<EditOutlined />} data-testid="project-edit">
              {text('project.edit')}
            </Button>
          </Link>
        ) : null
      }
    >
      {project.status === 'returned' ? (
        <Alert
          type="error"
          showIcon
          className="card-gap"
          message={text('project.returnReasons')}
          description={
            <ul className="plain-list">
              {project.returnReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          }
          data-testid="project-return-reasons"
        />
      ) : null}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
        items={[
          { key: 'status', label: text('project.status'), children: <ProjectStatusTag status={project.status} /> },
          {
            key: 'category',
            label: text('form.category'),
            children: `${text(`category.${project.category}`)}${project.contractKind ? ` · ${text(`contractKind.${project.contractKind}`)}` : ''}`,
          },
          { key: 'amount', label: text('form.estimatedAmount'), children: formatAmount(project.estimatedAmount) },
          { key: 'region', label: text('form.region'), children: `${regionName ?? ''}（${project.regionCode}）` },
          { key: 'funding', label: text('form.fundingSource'), children: text(`funding.${project.fundingSource}`) },
          { key: 'tenderer', label: text('form.tendererName'), children: project.tendererName },
          {
            key: 'approval',
            label: text(`approvalKind.${project.approval.kind as 'approval' | 'ratification' | 'filing'}`),
            children: `${project.approval.authority} ${project.approval.documentNumber}（${project.approval.date}）`,
          },
          {
            key: 'mustEnter',
            label: text('review.mustEnter'),
            children: (
              <span data-testid="project-must-enter">
                {project.mustEnter.mustEnter
                  ? text('decision.entry', {
                      entry: (locale === 'en' ? project.mustEnter.entryNameEn : project.mustEnter.entryNameZh) ?? '',
                      version: project.mustEnter.version,
                      basis: project.mustEnter.basis ?? '',
                    })
                  : text('decision.title.not')}
              </span>
            ),
          },
          { key: 'submitted', label: text('list.submitted', { time: '' }).trim(), children: formatDateTime(project.submittedAt, locale) },
        ]}
      />
    </Card>
  );
}

function CodesCard({ project }: { project: Project }) {
  const text = useProjectText();
  const phone = useIsPhone();
  return (
    <Card title={<h2 className="card-title-heading">{text('project.codes')}</h2>} data-testid="project-codes">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'projectCode',
            label: text('project.projectCode'),
            children: <CodeText code={project.projectCode} testId="project-code" />,
          },
          {
            key: 'invest',
            label: text('project.investProjectCode'),
            children: project.investProjectCode ? <CodeText code={project.investProjectCode} /> : '—',
          },
          ...project.tenderProjects.map((tp) => ({
            key: tp.tenderProjectCode,
            label: text('project.tenderProjectCode'),
            children: <CodeText code={tp.tenderProjectCode} />,
          })),
        ]}
      />
      {phone ? (
        <div className="section-cards" data-testid="project-sections-table">
          {project.sections.map((s) => (
            <div key={s.sectionCode} className="section-card">
              <strong>
                {s.name}
                {s.withdrawn ? `（${text('project.withdrawn')}）` : ''}
              </strong>
              <span className="section-card__label">{text('project.sectionCode')}</span>
              <CodeText code={s.sectionCode} />
              <span className="section-card__label">{text('project.dealCode')}</span>
              <CodeText code={s.dealCode} testId="deal-code" />
              <span className="muted">
                {formatAmount(s.estimatedAmount)} 元 · {text('project.round')} {s.round}
              </span>
            </div>
          ))}
        </div>
      ) : (
        <Table
          className="card-gap"
          size="small"
          rowKey="sectionCode"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={project.sections}
          data-testid="project-sections-table"
          columns={[
            {
              key: 'name',
              title: text('form.sectionName'),
              render: (_: unknown, s) =>
                s.withdrawn ? (
                  <span className="muted">
                    {s.name}（{text('project.withdrawn')}）
                  </span>
                ) : (
                  s.name
                ),
            },
            { key: 'sectionCode', title: text('project.sectionCode'), render: (_: unknown, s) => <CodeText code={s.sectionCode} /> },
            {
              key: 'dealCode',
              title: text('project.dealCode'),
              render: (_: unknown, s) => <CodeText code={s.dealCode} testId="deal-code" />,
            },
            {
              key: 'amount',
              title: text('form.sectionAmount'),
              align: 'right',
              render: (_: unknown, s) => formatAmount(s.estimatedAmount),
            },
            { key: 'round', title: text('project.round'), align: 'center', dataIndex: 'round' },
          ]}
        />
      )}
    </Card>
  );
}

export function AlertItem({ alert }: { alert: LifecycleAlert }) {
  const text = useProjectText();
  return (
    <Alert
      type={alert.level === 'red' ? 'error' : 'warning'}
      showIcon
      data-testid={`alert-${alert.kind}`}
      message={
        <Space wrap size={[8, 4]}>
          <Tag color={alert.level === 'red' ? 'red' : 'gold'}>{text(`alert.${alert.kind}`)}</Tag>
          <span>{alert.message}</span>
        </Space>
      }
      description={
        alert.evidence.length > 0 ? (
          <span className="muted">
            {text('alerts.evidence')}：
            {alert.evidence
              .map(
                (e) =>
                  `${text(`stage.${e.stage as LifecycleStage}`)} ${e.occurredOn} ${e.title}${e.evidenceFileKeys.length > 0 ? `（${text('project.evidence', { count: e.evidenceFileKeys.length })}）` : ''}`,
              )
              .join('；')}
          </span>
        ) : undefined
      }
    />
  );
}

function AlertsCard({ alerts }: { alerts: readonly LifecycleAlert[] }) {
  const open = alerts.filter((a) => a.resolvedAt === null);
  if (open.length === 0) return null;
  return (
    <div className="alert-stack" data-testid="project-alerts">
      {open.map((alert) => (
        <AlertItem key={alert.id} alert={alert} />
      ))}
    </div>
  );
}

function LifecycleCard({ timeline }: { timeline: TimelineData }) {
  const text = useProjectText();
  const phone = useIsPhone();
  const alerted = new Set(timeline.alerts.filter((a) => a.resolvedAt === null).flatMap((a) => a.evidence.map((e) => e.eventId)));
  const reached = new Set(timeline.events.filter((e) => e.resolved).map((e) => e.stage));
  const lastReached = LIFECYCLE_STAGES.reduce((last, stage, index) => (reached.has(stage) ? index : last), -1);
  const events = timeline.events.toSorted((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.recordedAt.localeCompare(b.recordedAt));
  return (
    <Card
      title={<h2 className="card-title-heading">{text('project.timeline')}</h2>}
      data-testid="project-timeline"
    >
      <Space wrap size={[12, 4]} className="muted timeline-facts">
        {timeline.entryDeadline ? <span>{text('project.entryDeadline', { date: timeline.entryDeadline })}</span> : null}
        <span>{timeline.tradingFinishedOn ? text('project.tradingFinished', { date: timeline.tradingFinishedOn }) : text('project.tradingOpen')}</span>
      </Space>
      <Steps
        size="small"
        orientation={phone ? 'vertical' : 'horizontal'}
        className="lifecycle-steps"
        current={Math.max(lastReached, 0)}
        items={LIFECYCLE_STAGES.map((stage, index) => ({
          title: text(`stage.${stage}`),
          status: timeline.events.some((e) => e.stage === stage && alerted.has(e.id))
            ? 'error'
            : reached.has(stage)
              ? 'finish'
              : index < lastReached
                ? 'wait'
                : 'wait',
        }))}
      />
      {events.length === 0 ? (
        <Empty description={text('project.timeline.empty')} />
      ) : (
        <Timeline
          className="card-gap"
          items={events.map((event) => ({
            key: event.id,
            color: !event.resolved || alerted.has(event.id) ? 'red' : event.source === 'platform' ? 'blue' : 'green',
            content: (
              <div className="timeline-event" data-testid={`timeline-${event.stage}`}>
                <div>
                  <strong>{event.occurredOn}</strong> <Tag>{text(`stage.${event.stage}`)}</Tag>
                  {event.title}
                </div>
                <div className="muted">
                  {text(`source.${event.source}`)}
                  {event.departmentName ? ` · ${event.departmentName}` : ''}
                  {event.documentNumber ? ` · ${text('project.document', { number: event.documentNumber })}` : ''}
                  {event.amount ? ` · ${formatAmount(event.amount)} 元` : ''}
                  {event.evidenceFileKeys.length > 0 ? ` · ${text('project.evidence', { count: event.evidenceFileKeys.length })}` : ''}
                  {!event.resolved ? ` · ${text('project.unresolved')}` : ''}
                </div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
