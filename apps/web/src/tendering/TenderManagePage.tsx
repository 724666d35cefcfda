import './tendering.css';
import { Link, useParams } from 'react-router';
import { Alert, App as AntApp, Button, Card, Checkbox, Empty, Form, Input, List, Space, Spin, Tag } from 'antd';
import { ExportOutlined, SendOutlined } from '@ant-design/icons';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../i18n';
import { useWorkspaceUser } from '../workspace/useWorkspaceUser';
import { type Objection, type Tender, useClarifications, useClarify, useManagedTender, useObjections, useReplyObjection, useSubmitTender, useTenderRules } from './api';
import { AnnouncementText, ClarificationList, Countdown, SectionsView, TenderFacts, TenderStatusTag, TenderTimeline } from './parts';
import { useServerNow } from '../api/serverTime';
import { tenderingPaths } from './paths';
import { OpeningKeyCard } from './opening-key/OpeningKeyCard';
import { ReviewActions } from './TenderReviewPage';
import { useTenderingText } from './text';

/**
 * `/workspace/tenders/:id` — a tender in the workspace: its owner submits it, issues
 * clarifications and answers objections; centre staff review it; supervisors watch. Its timeline
 * shows where it is and every deadline move.
 */
export function TenderManagePage() {
  const { id = '' } = useParams();
  const text = useTenderingText();
  const user = useWorkspaceUser();
  const tender = useManagedTender(id);
  const clarifications = useClarifications(id, tender.data?.publishedAt != null);
  const now = useServerNow();
  if (tender.isPending) return <Spin />;
  if (tender.isError) return <ApiErrorAlert error={tender.error} />;
  const t = tender.data;
  const owner = user.roles.includes('tenderer') || user.roles.includes('agency');
  const staff = user.roles.includes('centreStaff');
  const published = t.publishedAt !== null;
  const open = published && Date.parse(t.bidDeadline) > now;
  return (
    <div className="workspace-page tender-page" data-testid="tender-manage-page">
      <Card
        title={
          <h1 className="card-title-heading" data-testid="tender-title">
            {t.title}
          </h1>
        }
        extra={
          published ? (
            <Link to={tenderingPaths.public(t.id)} data-testid="tender-public-link">
              <ExportOutlined /> {text('tender.publicPage')}
            </Link>
          ) : null
        }
      >
        <Space wrap className="card-gap">
          <TenderStatusTag tender={t} now={now} />
        </Space>
        {t.status === 'draft' && t.reviewReason ? (
          <Alert className="card-gap" type="error" showIcon message={text('tender.returnedReason')} description={t.reviewReason} data-testid="tender-returned-reason" />
        ) : null}
        {t.status === 'suspended' ? <Alert className="card-gap" type="warning" showIcon message={text('tender.suspendedNote')} /> : null}
        <TenderFacts tender={t} />
        {open ? (
          <div className="tender-countdown">
            <span>{text('tender.countdown')}</span>
            <Countdown deadline={t.bidDeadline} now={now} />
          </div>
        ) : null}
        <Space wrap>
          {owner && t.status === 'draft' ? <SubmitButton tender={t} /> : null}
          {staff && t.status === 'pendingReview' ? <ReviewActions tender={t} /> : null}
        </Space>
      </Card>
      <Card title={<h2 className="card-title-heading">{text('timeline.title')}</h2>}>
        <TenderTimeline tender={t} clarifications={clarifications.data ?? []} now={now} />
      </Card>
      <Card title={<h2 className="card-title-heading">{text('tender.sections')}</h2>}>
        <SectionsView tender={t} />
      </Card>
      <Card title={<h2 className="card-title-heading">{text('tender.announcement')}</h2>}>
        <AnnouncementText text={t.announcement} />
      </Card>
      {published ? (
        <Card title={<h2 className="card-title-heading">{text('clarify.title')}</h2>} data-testid="tender-clarifications">
          {clarifications.isError ? <ApiErrorAlert error={clarifications.error} /> : null}
          <ClarificationList items={clarifications.data ?? []} />
          {owner && t.status === 'published' && open ? <ClarifyForm tender={t} /> : null}
        </Card>
      ) : null}
      {published ? <ObjectionsCard tender={t} owner={owner} /> : null}
      {published ? <OpeningKeyCard tenderId={t.id} held={t.openingKeyAt !== null} canRun={staff && (t.status === 'published' || t.status === 'suspended')} /> : null}
    </div>
  );
}

function SubmitButton({ tender }: { tender: Tender }) {
  const text = useTenderingText();
  const { message } = AntApp.useApp();
  const submit = useSubmitTender();
  return (
    <>
      <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} data-testid="tender-submit" onClick={() => submit.mutate(tender.id, { onSuccess: () => void message.success(text('tender.submitted')) })}>
        {text('tender.submit')}
      </Button>
      {submit.isError ? <ApiErrorAlert error={submit.error} testId="tender-submit-error" /> : null}
    </>
  );
}

/** 条例 21: a substantive clarification too close to the deadline moves it; the server decides and says so. */
function ClarifyForm({ tender }: { tender: Tender }) {
  const text = useTenderingText();
  const { locale } = useI18n();
  const { message } = AntApp.useApp();
  const rules = useTenderRules(tender.procedureType);
  const clarify = useClarify();
  const [form] = Form.useForm<{ text: string; substantive: boolean }>();
  const period = rules.data?.clarificationBeforeDeadline;
  const submit = (values: { text: string; substantive: boolean }) =>
    clarify.mutate(
      { id: tender.id, body: { text: values.text.trim(), substantive: values.substantive } },
      {
        onSuccess: (result) => {
          form.resetFields();
          void message.success(
            result.deadlineMoved
              ? text('clarify.movedNotice', { time: formatDateTime(result.deadlineAfter, locale), article: result.article ?? '' })
              : text('clarify.published', { count: result.notified }),
          );
        },
      },
    );
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ substantive: true }} className="card-gap" data-testid="clarify-form">
      {period ? <Alert type="info" showIcon className="card-gap" message={text('clarify.rule', { article: period.article, days: period.days })} /> : null}
      <Form.Item name="text" label={text('clarify.text')} rules={[{ required: true, whitespace: true, message: text('form.required', { field: text('clarify.text') }) }]}>
        <Input.TextArea rows={4} maxLength={100_000} data-testid="clarify-text" />
      </Form.Item>
      <Form.Item name="substantive" valuePropName="checked">
        <Checkbox data-testid="clarify-substantive">{text('clarify.substantive')}</Checkbox>
      </Form.Item>
      {clarify.isError ? <ApiErrorAlert error={clarify.error} testId="clarify-error" /> : null}
      {clarify.data?.deadlineMoved ? (
        <Alert
          type="warning"
          showIcon
          className="card-gap"
          data-testid="clarify-moved"
          message={text('clarify.movedNotice', { time: formatDateTime(clarify.data.deadlineAfter, locale), article: clarify.data.article ?? '' })}
        />
      ) : null}
      <Button type="primary" htmlType="submit" loading={clarify.isPending} data-testid="clarify-submit">
        {text('clarify.publish')}
      </Button>
    </Form>
  );
}

function ObjectionsCard({ tender, owner }: { tender: Tender; owner: boolean }) {
  const text = useTenderingText();
  const objections = useObjections(tender.id, true);
  return (
    <Card title={<h2 className="card-title-heading">{text('objection.title')}</h2>} data-testid="tender-objections">
      {objections.isError ? (
        <ApiErrorAlert error={objections.error} />
      ) : (
        <List
          loading={objections.isPending}
          dataSource={objections.data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text('objection.empty')} /> }}
          renderItem={(objection) => <ObjectionItem tenderId={tender.id} objection={objection} canReply={owner} />}
        />
      )}
    </Card>
  );
}

function ObjectionItem({ tenderId, objection, canReply }: { tenderId: string; objection: Objection; canReply: boolean }) {
  const text = useTenderingText();
  const { locale } = useI18n();
  const { message } = AntApp.useApp();
  const reply = useReplyObjection();
  const submit = ({ reply: answer }: { reply: string }) =>
    reply.mutate(
      { id: tenderId, objectionId: objection.id, reply: answer.trim() },
      { onSuccess: (result) => void message.success(result.resumed ? text('objection.resumed', { time: formatDateTime(result.bidDeadline, locale) }) : text('objection.sent')) },
    );
  return (
    <List.Item data-testid="objection-item">
      <div className="tender-item__body">
        <div className="tender-text">{objection.text}</div>
        <div className="muted small">{text('objection.raised', { time: formatDateTime(objection.raisedAt, locale), due: formatDateTime(objection.replyDue, locale) })}</div>
        {objection.repliedAt ? (
          <Tag color="green" className="tender-text">
            {text('objection.answered', { time: formatDateTime(objection.repliedAt, locale), reply: objection.reply ?? '' })}
          </Tag>
        ) : canReply ? (
          <Form layout="vertical" onFinish={submit}>
            <Form.Item name="reply" label={text('objection.reply')} rules={[{ required: true, whitespace: true, message: text('form.required', { field: text('objection.reply') }) }]}>
              <Input.TextArea rows={3} maxLength={20_000} data-testid="objection-reply-text" />
            </Form.Item>
            {reply.isError ? <ApiErrorAlert error={reply.error} /> : null}
            <Button htmlType="submit" loading={reply.isPending} data-testid="objection-reply">
              {text('objection.send')}
            </Button>
          </Form>
        ) : null}
      </div>
    </List.Item>
  );
}
