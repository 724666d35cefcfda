import './evaluation.css';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { api } from '../api/client';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RequireRoles } from '../components/RequireRoles';
import { formatDateTime, useI18n } from '../i18n';
import { type Draw, useDraws, useEvaluationCommand, useSpecialties } from './api';
import { evaluationPaths } from './paths';
import { useEvaluationText } from './text';

interface DrawForm {
  tenderId: string;
  sectionCode: string;
  evaluationDate: string;
  specialty: string;
  count: number;
  representatives: number;
  bidders: string;
  tenderers: string;
  agencies: string;
}

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((name) => ({ name }));

/**
 * `/workspace/expert-draws` — centre staff request a draw for an opened section (specialty and
 * count, the avoided bidders/tenderer/agency taken from the tender and its opening record) and
 * see the recent draws.
 */
export function DrawsPage() {
  return (
    <RequireRoles roles={['centreStaff']}>
      <DrawsContent />
    </RequireRoles>
  );
}

function DrawsContent() {
  const tx = useEvaluationText();
  const { locale } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<DrawForm>();
  const specialties = useSpecialties();
  const draws = useDraws();
  const command = useEvaluationCommand<Draw>();
  const [loadError, setLoadError] = useState<unknown>(null);

  /** The avoidance list of this tender: its tenderer and the bidders of its opening record. */
  async function loadAvoidance() {
    setLoadError(null);
    const { tenderId, sectionCode } = form.getFieldsValue();
    try {
      const tender = await api.get('/api/tenders/{id}', { params: { id: tenderId } });
      const opening = (await api.get('/api/tenders/{id}/sections/{sectionCode}/opening', { params: { id: tenderId, sectionCode } })) as unknown as { record: { rows: Array<{ bidderName: string }> } | null };
      form.setFieldsValue({ tenderers: tender.ownerName, bidders: (opening.record?.rows ?? []).map((r) => r.bidderName).join('\n') });
    } catch (error) {
      setLoadError(error);
    }
  }

  async function submit(values: DrawForm) {
    const draw = await command.mutateAsync({
      path: '/api/expert-draws',
      body: {
        reference: values.sectionCode,
        // The draw is bound to this section: only its evaluation may seat the panel.
        tenderId: values.tenderId,
        sectionCode: values.sectionCode,
        evaluationDate: values.evaluationDate,
        slots: [{ specialty: values.specialty, count: values.count }],
        representatives: values.representatives,
        avoid: { bidders: lines(values.bidders), tenderers: lines(values.tenderers), agencies: lines(values.agencies), supervisingDepartments: [] },
      },
    });
    await navigate(evaluationPaths.draw(draw.id, values.tenderId, values.sectionCode));
  }

  return (
    <div className="workspace-page evaluation-page" data-testid="draws-page">
      <Card title={<h1 className="card-title-heading">{tx('draw.new')}</h1>}>
        <p className="muted">{tx('draw.newHint')}</p>
        <Form<DrawForm>
          form={form}
          layout="vertical"
          onFinish={(values) => void submit(values).catch(() => undefined)}
          initialValues={{ tenderId: params.get('tender') ?? '', sectionCode: params.get('section') ?? '', count: 5, representatives: 0 }}
        >
          <Space wrap align="start">
            <Form.Item name="tenderId" label={tx('field.tenderId')} rules={[{ required: true, message: tx('required') }]}>
              <Input data-testid="draw-tender" style={{ width: 320 }} />
            </Form.Item>
            <Form.Item name="sectionCode" label={tx('field.sectionCode')} rules={[{ required: true, message: tx('required') }]}>
              <Input data-testid="draw-section" style={{ width: 260 }} />
            </Form.Item>
            <Form.Item name="evaluationDate" label={tx('field.evaluationDate')} rules={[{ required: true, message: tx('required') }]}>
              <Input type="date" data-testid="draw-date" />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="specialty" label={tx('field.specialty')} rules={[{ required: true, message: tx('required') }]}>
              <Select
                data-testid="draw-specialty"
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 360 }}
                loading={specialties.isPending}
                options={(specialties.data ?? []).map((s) => ({ value: s.code, label: `${s.code} ${s.name}` }))}
              />
            </Form.Item>
            <Form.Item name="count" label={tx('field.count')} rules={[{ required: true }]}>
              <InputNumber min={1} max={21} data-testid="draw-count" />
            </Form.Item>
            <Form.Item name="representatives" label={tx('field.representatives')} rules={[{ required: true }]}>
              <InputNumber min={0} max={10} data-testid="draw-representatives" />
            </Form.Item>
          </Space>
          <Button onClick={() => void loadAvoidance()} data-testid="draw-load-avoidance">
            {tx('draw.loadAvoidance')}
          </Button>
          {loadError ? <ApiErrorAlert error={loadError} /> : null}
          <Space wrap align="start" style={{ marginTop: 12 }}>
            <Form.Item name="bidders" label={tx('field.avoidBidders')}>
              <Input.TextArea rows={4} data-testid="draw-avoid-bidders" style={{ width: 320 }} />
            </Form.Item>
            <Form.Item name="tenderers" label={tx('field.avoidTenderers')}>
              <Input.TextArea rows={4} data-testid="draw-avoid-tenderers" style={{ width: 260 }} />
            </Form.Item>
            <Form.Item name="agencies" label={tx('field.avoidAgencies')}>
              <Input.TextArea rows={4} data-testid="draw-avoid-agencies" style={{ width: 260 }} />
            </Form.Item>
          </Space>
          {command.isError ? <ApiErrorAlert error={command.error} /> : null}
          <Button type="primary" htmlType="submit" loading={command.isPending} data-testid="draw-submit">
            {tx('draw.submit')}
          </Button>
        </Form>
      </Card>
      <Card title={tx('draw.recent')}>
        {draws.isError ? <ApiErrorAlert error={draws.error} /> : null}
        <Table<Draw>
          rowKey="id"
          size="small"
          loading={draws.isPending}
          dataSource={draws.data ?? []}
          pagination={false}
          columns={[
            { title: tx('field.reference'), dataIndex: 'reference', render: (value: string, draw) => <Link to={evaluationPaths.draw(draw.id)}>{value}</Link> },
            { title: tx('field.evaluationDate'), dataIndex: 'evaluationDate' },
            { title: tx('draw.status'), dataIndex: 'status', render: (value: Draw['status']) => <Tag>{tx(`drawStatus.${value}`)}</Tag> },
            { title: tx('draw.createdAt'), dataIndex: 'createdAt', render: (value: string) => formatDateTime(value, locale) },
          ]}
        />
      </Card>
    </div>
  );
}
