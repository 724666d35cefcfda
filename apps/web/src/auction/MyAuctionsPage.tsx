import { Link } from 'react-router';
import { Card, Empty, List, Tag } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../i18n';
import { useMyRegistrations } from './api';
import { statusColour } from './LotPage';
import { useAuctionText } from './text';

/** `/workspace/auctions` — a bidder's registrations (lead or joint partner), with links to the bidding rooms. */
export function MyAuctionsPage() {
  const tx = useAuctionText();
  const { locale } = useI18n();
  const mine = useMyRegistrations();
  return (
    <div className="workspace-page" data-testid="my-auctions">
      <Card title={<h1 className="card-title-heading">{tx('mine.title')}</h1>} extra={<Link to="/auction">{tx('mine.toCalendar')}</Link>}>
        {mine.isError ? <ApiErrorAlert error={mine.error} /> : null}
        <List
          loading={mine.isPending}
          dataSource={mine.data?.items ?? []}
          locale={{ emptyText: <Empty description={tx('mine.empty')} /> }}
          renderItem={(item) => (
            <List.Item extra={<Tag color={statusColour[item.lotStatus]}>{tx(`status.${item.lotStatus}` as 'status.listing')}</Tag>}>
              <List.Item.Meta
                title={<Link to={`/auction/lots/${item.lotId}`}>{item.lotName}</Link>}
                description={`${item.title} · ${item.bidderNo ?? ''} · ${formatDateTime(item.listingEnd, locale)}`}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
