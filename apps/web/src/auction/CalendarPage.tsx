import './auction.css';
import { Link } from 'react-router';
import { Card, Col, Empty, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../i18n';
import { SiteFooter } from '../layout/SiteFooter';
import { SiteHeader } from '../layout/SiteHeader';
import { useCalendar } from './api';
import { statusColour } from './LotPage';
import { formatYuan, useAuctionText } from './text';

/** `/auction` — the public calendar of land, mining and property sales. */
export function CalendarPage() {
  const tx = useAuctionText();
  const { locale } = useI18n();
  const calendar = useCalendar();
  const items = calendar.data?.items ?? [];
  return (
    <div className="page">
      <SiteHeader />
      <main className="page__main auction-page">
        <h1 className="auction-room__title" data-testid="auction-calendar-title">
          {tx('calendar.title')}
        </h1>
        <Typography.Paragraph type="secondary">{tx('calendar.subtitle')}</Typography.Paragraph>
        {calendar.isError ? <ApiErrorAlert error={calendar.error} onRetry={() => void calendar.refetch()} /> : null}
        {calendar.isPending ? <Skeleton active /> : null}
        {!calendar.isPending && items.length === 0 ? <Empty description={tx('calendar.empty')} /> : null}
        <Row gutter={[16, 16]} data-testid="auction-calendar">
          {items.map((lot) => (
            <Col xs={24} md={12} xl={8} key={lot.id}>
              <Card className="auction-card" data-testid="auction-lot-card" data-lot={lot.id} data-status={lot.status}>
                <Space wrap size={[6, 4]}>
                  <Tag color={statusColour[lot.status]}>{tx(`status.${lot.status}`)}</Tag>
                  <Tag>{tx(`resource.${lot.resourceType}` as 'resource.landUseRight')}</Tag>
                  <Tag>{tx(`method.${lot.method}` as 'method.listing')}</Tag>
                </Space>
                <h2 className="auction-card__title">
                  <Link to={`/auction/lots/${lot.id}`} data-testid="auction-lot-link">
                    {lot.name}
                  </Link>
                </h2>
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
                  {lot.title}
                </Typography.Paragraph>
                <dl className="auction-card__facts">
                  <dt>{tx('calendar.listing')}</dt>
                  <dd>
                    {formatDateTime(lot.listingStart, locale)} – {formatDateTime(lot.listingEnd, locale)}
                  </dd>
                  <dt>{tx('calendar.start')}</dt>
                  <dd>{formatYuan(lot.startPrice)}</dd>
                  <dt>{tx('calendar.current')}</dt>
                  <dd>{lot.currentPrice ? formatYuan(lot.currentPrice) : '—'}</dd>
                </dl>
                <Link to={`/auction/lots/${lot.id}`}>{tx('calendar.view')} →</Link>
              </Card>
            </Col>
          ))}
        </Row>
      </main>
      <SiteFooter />
    </div>
  );
}
