import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App as AntApp, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RequireRoles } from '../components/RequireRoles';
import { formatDateTime, useI18n } from '../i18n';
import { type TradeInput, useCalendar, useCreateTrade } from './api';
import { statusColour } from './LotPage';
import { formatYuan, useAuctionText } from './text';

const RESOURCES = ['landUseRight', 'miningRight', 'explorationRight', 'propertyRight', 'institutionAsset'] as const;

interface TradeForm {
  title: string;
  resourceType: (typeof RESOURCES)[number];
  method: 'listing' | 'auction';
  regionCode: string;
  sellerName: string;
  notice: string;
  lotName: string;
  location: string;
  startPrice: string;
  increment: string;
  deposit: string;
  listingStart: Dayjs;
  listingEnd: Dayjs;
  countdownMinutes: number;
}

/** `/workspace/auction` — centre staff (for the seller): announce sales, watch their lots. */
export function AuctionAdminPage() {
  const tx = useAuctionText();
  const { locale } = useI18n();
  const calendar = useCalendar();
  const create = useCreateTrade();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<TradeForm>();
  const [created, setCreated] = useState<string | null>(null);

  const submit = (values: TradeForm) => {
    const body: TradeInput = {
      title: values.title,
      resourceType: values.resourceType,
      method: values.method,
      regionCode: values.regionCode,
      sellerName: values.sellerName,
      notice: values.notice,
      lots: [
        {
          name: values.lotName,
          location: values.location,
          startPrice: values.startPrice,
          increment: values.increment,
          deposit: values.deposit,
          listingStart: values.listingStart.toISOString(),
          listingEnd: values.listingEnd.toISOString(),
          countdownMinutes: values.countdownMinutes,
        },
      ],
    };
    create.mutate(body, {
      onSuccess: (trade) => {
        setCreated(trade.tradeNo);
        void message.success(tx('admin.created', { no: trade.tradeNo }));
        form.resetFields();
      },
    });
  };

  return (
    <RequireRoles roles={['centreStaff']}>
      <div className="workspace-page" data-testid="auction-admin">
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Card title={<h1 className="card-title-heading">{tx('admin.title')}</h1>}>
            <Table
              rowKey="id"
              size="small"
              loading={calendar.isPending}
              dataSource={calendar.data?.items ?? []}
              scroll={{ x: 720 }}
              pagination={false}
              data-testid="auction-admin-lots"
              columns={[
                { title: tx('admin.lotName'), dataIndex: 'name', render: (_: unknown, lot) => <Link to={`/auction/lots/${lot.id}`}>{lot.name}</Link> },
                { title: tx('lot.listingPeriod'), render: (_: unknown, lot) => `${formatDateTime(lot.listingStart, locale)} – ${formatDateTime(lot.listingEnd, locale)}` },
                { title: tx('calendar.current'), render: (_: unknown, lot) => formatYuan(lot.currentPrice) },
                { title: '', render: (_: unknown, lot) => <Tag color={statusColour[lot.status]}>{tx(`status.${lot.status}`)}</Tag> },
                {
                  title: '',
                  render: (_: unknown, lot) => (
                    <Link to={`/workspace/auction/lots/${lot.id}`} data-testid={`auction-monitor-${lot.id}`}>
                      {tx('admin.monitor')}
                    </Link>
                  ),
                },
              ]}
            />
          </Card>
          <Card title={tx('admin.create')}>
            <Alert type="info" showIcon title={tx('admin.rulesHint')} style={{ marginBottom: 16 }} />
            <Form<TradeForm>
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ resourceType: 'landUseRight', method: 'listing', regionCode: '520000', countdownMinutes: 4 }}
              data-testid="auction-create-form"
            >
              <Form.Item name="title" label={tx('admin.tradeTitle')} rules={[{ required: true, min: 2 }]}>
                <Input data-testid="trade-title" />
              </Form.Item>
              <Space wrap>
                <Form.Item name="resourceType" label={tx('admin.resourceType')}>
                  <Select style={{ minWidth: 200 }} options={RESOURCES.map((value) => ({ value, label: tx(`resource.${value}`) }))} />
                </Form.Item>
                <Form.Item name="method" label={tx('admin.method')}>
                  <Select style={{ minWidth: 120 }} options={(['listing', 'auction'] as const).map((value) => ({ value, label: tx(`method.${value}`) }))} />
                </Form.Item>
                <Form.Item name="regionCode" label={tx('admin.region')} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
                  <Input style={{ width: 120 }} />
                </Form.Item>
              </Space>
              <Form.Item name="sellerName" label={tx('admin.sellerName')} rules={[{ required: true, min: 2 }]}>
                <Input data-testid="trade-seller" />
              </Form.Item>
              <Form.Item name="notice" label={tx('admin.notice')} rules={[{ required: true }]}>
                <Input.TextArea rows={3} data-testid="trade-notice" />
              </Form.Item>
              <Space wrap>
                <Form.Item name="lotName" label={tx('admin.lotName')} rules={[{ required: true }]}>
                  <Input data-testid="trade-lot-name" />
                </Form.Item>
                <Form.Item name="location" label={tx('lot.location')} rules={[{ required: true }]}>
                  <Input data-testid="trade-location" />
                </Form.Item>
              </Space>
              <Space wrap>
                <Form.Item name="startPrice" label={tx('lot.startPrice')} rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,2})?$/ }]}>
                  <Input data-testid="trade-start-price" />
                </Form.Item>
                <Form.Item name="increment" label={tx('lot.increment')} rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,2})?$/ }]}>
                  <Input data-testid="trade-increment" />
                </Form.Item>
                <Form.Item name="deposit" label={tx('lot.deposit')} rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,2})?$/ }]}>
                  <Input data-testid="trade-deposit" />
                </Form.Item>
              </Space>
              <Space wrap>
                <Form.Item name="listingStart" label={tx('admin.listingStart')} rules={[{ required: true }]}>
                  <DatePicker showTime data-testid="trade-listing-start" />
                </Form.Item>
                <Form.Item name="listingEnd" label={tx('admin.listingEnd')} rules={[{ required: true }]}>
                  <DatePicker showTime data-testid="trade-listing-end" />
                </Form.Item>
                <Form.Item name="countdownMinutes" label={tx('admin.countdownMinutes')}>
                  <InputNumber min={0.5} max={60} step={0.5} />
                </Form.Item>
              </Space>
              {create.isError ? <ApiErrorAlert error={create.error} testId="trade-error" /> : null}
              {created ? <Alert type="success" showIcon title={tx('admin.created', { no: created })} data-testid="trade-created" style={{ marginBottom: 16 }} /> : null}
              <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="trade-submit">
                {tx('admin.create')}
              </Button>
            </Form>
          </Card>
        </Space>
      </div>
    </RequireRoles>
  );
}
