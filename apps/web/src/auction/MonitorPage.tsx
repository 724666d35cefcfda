import { useParams } from 'react-router';
import { Alert, App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { ApiErrorAlert, errorText } from '../components/ApiErrorAlert';
import { RequireRoles } from '../components/RequireRoles';
import { formatDateTime, useI18n } from '../i18n';
import { useLotCommand, useMonitor } from './api';
import { statusColour } from './LotPage';
import { formatYuan, useAuctionText } from './text';

/** `/workspace/auction/lots/:id` — centre staff: bidders behind the numbers, the sealed reserve, suspension, the deal confirmation. */
export function LotMonitorPage() {
  const { id = '' } = useParams();
  const tx = useAuctionText();
  const { t, locale } = useI18n();
  const monitor = useMonitor(id);
  const { message } = AntApp.useApp();
  const reserve = useLotCommand(id, 'reserve');
  const suspend = useLotCommand(id, 'suspend');
  const resume = useLotCommand(id, 'resume');
  const terminate = useLotCommand(id, 'terminate');
  const deal = useLotCommand(id, 'deal-confirmation');
  const done = { onSuccess: () => void message.success(tx('monitor.done')), onError: (e: unknown) => void message.error(errorText(e, t)) };
  if (monitor.isError) return <ApiErrorAlert error={monitor.error} onRetry={() => void monitor.refetch()} />;
  const data = monitor.data;
  const lot = data?.lot;
  return (
    <RequireRoles roles={['centreStaff', 'supervisor', 'admin']}>
      <div className="workspace-page" data-testid="auction-monitor">
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Card loading={!lot} title={<h1 className="card-title-heading">{tx('monitor.title')}</h1>}>
            {lot ? (
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={tx('admin.lotName')}>{lot.name}</Descriptions.Item>
                <Descriptions.Item label="">
                  <Tag color={statusColour[lot.status]} data-testid="monitor-status" data-status={lot.status}>
                    {tx(`status.${lot.status}`)}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label={tx('lot.currentPrice')}>{formatYuan(lot.currentPrice)}</Descriptions.Item>
                <Descriptions.Item label={tx('lot.leader')}>{lot.leaderNo ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={tx('lot.deadline')}>{lot.deadline ? formatDateTime(lot.deadline, locale) : '—'}</Descriptions.Item>
                <Descriptions.Item label={tx('monitor.reserve')}>
                  <span data-testid="monitor-reserve">{data.reserveEntered ? tx('monitor.reserveEntered') : tx('monitor.reserveMissing')}</span>
                </Descriptions.Item>
              </Descriptions>
            ) : null}
          </Card>
          {lot && (lot.status === 'listing' || lot.status === 'announced') ? (
            <Card title={tx('monitor.enterReserve')} size="small">
              <Form layout="inline" onFinish={(v: { amount: string }) => reserve.mutate({ body: { amount: v.amount } }, done)} data-testid="monitor-reserve-form">
                <Form.Item name="amount" rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,2})?$/ }]} extra={tx('monitor.reserveHint')}>
                  <Input.Password placeholder={tx('monitor.reserve')} data-testid="monitor-reserve-amount" autoComplete="off" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={reserve.isPending} data-testid="monitor-reserve-submit">
                  {tx('monitor.enterReserve')}
                </Button>
              </Form>
              {reserve.isError ? <ApiErrorAlert error={reserve.error} /> : null}
            </Card>
          ) : null}
          {lot && ['announced', 'listing', 'timedBidding', 'suspended'].includes(lot.status) ? (
            <Card size="small" title={`${tx('monitor.suspend')} / ${tx('monitor.resume')} / ${tx('monitor.terminate')}`}>
              <Space direction="vertical" style={{ width: '100%' }}>
                {lot.status === 'suspended' ? (
                  <Form layout="inline" onFinish={(v: { resumeAt: Dayjs; notice: string }) => resume.mutate({ body: { resumeAt: v.resumeAt.toISOString(), notice: v.notice } }, done)}>
                    <Form.Item name="resumeAt" rules={[{ required: true }]}>
                      <DatePicker showTime placeholder={tx('monitor.resumeAt')} />
                    </Form.Item>
                    <Form.Item name="notice" rules={[{ required: true, min: 2 }]}>
                      <Input placeholder={tx('lot.notice')} />
                    </Form.Item>
                    <Button htmlType="submit">{tx('monitor.resume')}</Button>
                  </Form>
                ) : (
                  <Form layout="inline" onFinish={(v: { reason: string }) => suspend.mutate({ body: { reason: v.reason } }, done)}>
                    <Form.Item name="reason" rules={[{ required: true, min: 2 }]}>
                      <Input placeholder={tx('monitor.reason')} data-testid="monitor-suspend-reason" />
                    </Form.Item>
                    <Button danger htmlType="submit" data-testid="monitor-suspend">
                      {tx('monitor.suspend')}
                    </Button>
                  </Form>
                )}
                <Form layout="inline" onFinish={(v: { reason: string }) => terminate.mutate({ body: { reason: v.reason } }, done)}>
                  <Form.Item name="reason" rules={[{ required: true, min: 2 }]}>
                    <Input placeholder={tx('monitor.reason')} />
                  </Form.Item>
                  <Button danger type="primary" htmlType="submit">
                    {tx('monitor.terminate')}
                  </Button>
                </Form>
              </Space>
            </Card>
          ) : null}
          {lot?.status === 'deal' ? (
            <Card size="small">
              {lot.winConfirmed ? (
                <Button type="primary" loading={deal.isPending} onClick={() => deal.mutate({}, done)} data-testid="monitor-issue-deal">
                  {tx('monitor.issueDeal')}
                </Button>
              ) : (
                <Alert type="info" showIcon title={tx('monitor.winPending')} />
              )}
            </Card>
          ) : null}
          {lot?.dealConfirmationNo ? <Alert type="success" showIcon title={tx('lot.dealConfirmation', { no: lot.dealConfirmationNo })} data-testid="monitor-deal-confirmation" /> : null}
          <Card title={tx('monitor.registrations')} size="small">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 560 }}
              dataSource={data?.registrations ?? []}
              columns={[
                { title: tx('bid.myNo'), dataIndex: 'bidderNo' },
                { title: tx('monitor.bidderName'), dataIndex: 'bidderName' },
                { title: '', dataIndex: 'status', render: (s: string) => <Tag>{s}</Tag> },
                { title: tx('lot.bidCount'), dataIndex: 'listingOffers' },
              ]}
            />
          </Card>
          <Card title={tx('monitor.bids')} size="small">
            <Table
              rowKey="seq"
              size="small"
              pagination={{ pageSize: 20 }}
              scroll={{ x: 560 }}
              dataSource={data?.bids ?? []}
              columns={[
                { title: '#', dataIndex: 'seq' },
                { title: tx('bid.myNo'), dataIndex: 'bidderNo' },
                { title: '', dataIndex: 'bidderName' },
                { title: tx('bid.amount'), dataIndex: 'amount', render: (a: string) => formatYuan(a) },
                { title: '', dataIndex: 'phase', render: (p: string) => tx(`phase.${p}` as 'phase.listing') },
                { title: '', dataIndex: 'committedAt', render: (at: string) => formatDateTime(at, locale) },
              ]}
            />
          </Card>
        </Space>
      </div>
    </RequireRoles>
  );
}
