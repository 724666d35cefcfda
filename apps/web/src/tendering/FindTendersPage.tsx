import './tendering.css';
import { Card, Empty, List, Typography } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RequireRoles } from '../components/RequireRoles';
import { useNotifications, useTenders } from './api';
import { useServerNow } from '../api/serverTime';
import { tenderingPaths } from './paths';
import { NotificationList } from './PublicTenderPage';
import { TenderListItem } from './TenderListItem';
import { useTenderingText } from './text';

/** `/workspace/find-tenders` — 招标项目 (bidders): tenders open for bids, and my notifications about tenders. */
export function FindTendersPage() {
  const text = useTenderingText();
  const tenders = useTenders('published');
  const notifications = useNotifications();
  const now = useServerNow();
  const open = (tenders.data?.items ?? []).filter((t) => (t.status === 'published' || t.status === 'suspended') && Date.parse(t.bidDeadline) > now);
  return (
    <RequireRoles roles={['bidder']}>
      <div className="workspace-page tender-page" data-testid="find-tenders-page">
        <Card title={<h1 className="card-title-heading">{text('find.title')}</h1>}>
          <Typography.Paragraph type="secondary">{text('find.subtitle')}</Typography.Paragraph>
          {tenders.isError ? (
            <ApiErrorAlert error={tenders.error} onRetry={() => void tenders.refetch()} />
          ) : (
            <List
              loading={tenders.isPending}
              dataSource={open}
              locale={{ emptyText: <Empty description={text('find.empty')} /> }}
              renderItem={(tender) => <TenderListItem tender={tender} now={now} href={tenderingPaths.public(tender.id)} />}
              data-testid="find-tenders-list"
            />
          )}
        </Card>
        <Card>
          {notifications.isError ? <ApiErrorAlert error={notifications.error} /> : null}
          <NotificationList items={notifications.data ?? []} loading={notifications.isPending} link={(n) => tenderingPaths.public(n.tenderId)} />
        </Card>
      </div>
    </RequireRoles>
  );
}
