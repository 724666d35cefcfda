import './tendering.css';
import '../project/project.css';
import { Link, useParams } from 'react-router';
import { Alert, App as AntApp, Button, Card, Empty, List, Result, Skeleton, Space, Tag } from 'antd';
import { FileDoneOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { useCurrentUser } from '../api/queries';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../i18n';
import { SiteFooter } from '../layout/SiteFooter';
import { SiteHeader } from '../layout/SiteHeader';
import { type Tender, type TenderNotification, useClarifications, useMyRegistration, useNotifications, useObtainDocuments, usePublicTender } from './api';
import { AnnouncementText, ClarificationList, Countdown, SectionsView, TenderFacts, TenderStatusTag, TenderTimeline } from './parts';
import { useServerNow } from '../api/serverTime';
import { type TenderingTextKey, useTenderingText } from './text';

/**
 * `/tenders/:id` — the public announcement page the trading hall links to: the announcement, its
 * sections, a countdown to the deadline by server time and every clarification. A signed-in bidder
 * obtains the documents here and sees their notifications about this tender.
 */
export function PublicTenderPage() {
  const { id = '' } = useParams();
  const text = useTenderingText();
  const tender = usePublicTender(id);
  const clarifications = useClarifications(id, tender.isSuccess);
  const now = useServerNow();
  const notFound = tender.error instanceof ApiError && tender.error.status === 404;
  return (
    <div className="page">
      <SiteHeader />
      <main className="page__main tender-public" data-testid="tender-public-page">
        {tender.isPending ? <Skeleton active /> : null}
        {notFound ? <Result status="404" title={text('public.notFound')} /> : tender.isError ? <ApiErrorAlert error={tender.error} onRetry={() => void tender.refetch()} /> : null}
        {tender.data ? (
          <div className="tender-page">
            <Card>
              <Space wrap size={[8, 4]}>
                <TenderStatusTag tender={tender.data} now={now} />
              </Space>
              <h1 className="tender-title" data-testid="tender-title">
                {tender.data.title}
              </h1>
              <TenderFacts tender={tender.data} />
              {tender.data.status === 'suspended' ? <Alert type="warning" showIcon message={text('tender.suspendedNote')} /> : null}
              <div className="tender-countdown">
                <span>{text('tender.countdown')}</span>
                <Countdown deadline={tender.data.bidDeadline} now={now} />
              </div>
              <TenderTimeline tender={tender.data} clarifications={clarifications.data ?? []} now={now} />
            </Card>
            <BidderCard tender={tender.data} now={now} />
            <Card title={<h2 className="card-title-heading">{text('tender.sections')}</h2>}>
              <SectionsView tender={tender.data} />
            </Card>
            <Card title={<h2 className="card-title-heading">{text('tender.announcement')}</h2>}>
              <AnnouncementText text={tender.data.announcement} />
            </Card>
            <Card title={<h2 className="card-title-heading">{text('clarify.title')}</h2>} data-testid="tender-clarifications">
              {clarifications.isError ? <ApiErrorAlert error={clarifications.error} /> : null}
              <ClarificationList items={clarifications.data ?? []} />
            </Card>
          </div>
        ) : null}
      </main>
      <SiteFooter />
    </div>
  );
}

/** Obtaining the documents (获取招标文件) and the bidder's notifications about this tender. */
function BidderCard({ tender, now }: { tender: Tender; now: number }) {
  const text = useTenderingText();
  const { locale } = useI18n();
  const { message } = AntApp.useApp();
  const me = useCurrentUser();
  const bidder = me.data?.roles.includes('bidder') === true;
  const registration = useMyRegistration(tender.id, bidder);
  const notifications = useNotifications(bidder);
  const obtain = useObtainDocuments();
  const open = Date.parse(tender.bidDeadline) > now;
  if (me.isPending) return null;
  const mine = (notifications.data ?? []).filter((n) => n.tenderId === tender.id);
  return (
    <Card title={<h2 className="card-title-heading">{text('documents.title')}</h2>} data-testid="tender-documents">
      <p className="muted small">{text('documents.confidential')}</p>
      {!me.data ? (
        <Link to="/login" data-testid="tender-sign-in">
          {text('documents.signIn')}
        </Link>
      ) : !bidder ? (
        <span className="muted">{text('documents.onlyBidders')}</span>
      ) : registration.data?.registeredAt ? (
        <Alert type="success" showIcon data-testid="documents-obtained" message={text('documents.obtained', { time: formatDateTime(registration.data.registeredAt, locale) })} />
      ) : !open ? (
        <span className="muted">{text('documents.closed')}</span>
      ) : (
        <Button
          type="primary"
          icon={<FileDoneOutlined />}
          loading={obtain.isPending || registration.isPending}
          disabled={tender.status !== 'published'}
          data-testid="documents-obtain"
          onClick={() => obtain.mutate(tender.id, { onSuccess: (r) => void message.success(text('documents.obtained', { time: formatDateTime(r.registeredAt, locale) })) })}
        >
          {text('documents.obtain')}
        </Button>
      )}
      {obtain.isError ? <ApiErrorAlert error={obtain.error} testId="documents-error" /> : null}
      {registration.isError ? <ApiErrorAlert error={registration.error} /> : null}
      {bidder ? <NotificationList items={mine} loading={notifications.isPending} /> : null}
    </Card>
  );
}

export function NotificationList({ items, loading, link }: { items: readonly TenderNotification[]; loading: boolean; link?: (n: TenderNotification) => string }) {
  const text = useTenderingText();
  const { locale } = useI18n();
  return (
    <List
      className="card-gap"
      header={<strong>{text('notifications.title')}</strong>}
      loading={loading}
      dataSource={[...items]}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text('notifications.empty')} /> }}
      data-testid="tender-notifications"
      renderItem={(n) => (
        <List.Item data-testid="tender-notification" data-kind={n.kind}>
          <div className="tender-item__body">
            <Space wrap size={[8, 4]}>
              <Tag color={n.kind === 'deadlineMoved' ? 'red' : 'blue'}>{notificationKind(text, n.kind)}</Tag>
              <span className="muted small">{formatDateTime(n.createdAt, locale)}</span>
              {link ? <Link to={link(n)}>{text('find.view')}</Link> : null}
            </Space>
            <span className="tender-text">{n.message}</span>
          </div>
        </List.Item>
      )}
    />
  );
}

const KINDS = ['deadlineMoved', 'clarification', 'resumed', 'objectionAnswered'];

function notificationKind(text: ReturnType<typeof useTenderingText>, kind: string): string {
  return KINDS.includes(kind) ? text(`notifications.kind.${kind}` as TenderingTextKey) : kind;
}
