import { useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { ApiError } from '../api/client';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { type Draw, type Room, type ScoreItem, useEvaluationCommand } from './api';
import { evaluationPaths } from './paths';
import { useEvaluationText } from './text';

interface CommitteeValues {
  tenderId: string;
  sectionCode: string;
  representatives: Array<{ userId: string; name: string }>;
  items: Array<{ id: string; step: ScoreItem['step']; name: string; kind: ScoreItem['kind']; min?: string; max?: string; points?: string }>;
  priceScoreTotal: string;
  deductAbovePerPct: string;
  deductBelowPerPct: string;
  floatPoint: 'none' | 'discountBase';
}

/** A usual engineering template (资格、形式、技术、信用); staff edit it from the tender documents' criteria. */
const TEMPLATE: CommitteeValues['items'] = [
  { id: 'q1', step: 'qualification', name: '资格条件', kind: 'PASS_FAIL' },
  { id: 't1', step: 'detailed', name: '施工组织设计', kind: 'RANGE', min: '0', max: '30' },
];

const toItem = (i: CommitteeValues['items'][number]): ScoreItem =>
  i.kind === 'RANGE'
    ? { id: i.id, step: i.step, name: i.name, kind: 'RANGE', min: String(i.min ?? '0'), max: String(i.max ?? '0') }
    : i.kind === 'FIXED'
      ? { id: i.id, step: i.step, name: i.name, kind: 'FIXED', points: String(i.points ?? '0') }
      : { id: i.id, step: i.step, name: i.name, kind: 'PASS_FAIL' };

/**
 * 组建评标委员会: the confirmed panel of an unsealed draw plus the named tenderer representatives,
 * the score items and the price method (deviation method, formulas.md §1–2). The composition
 * rule (招标投标法 第三十七条) is checked by the server on the real members; its answer is shown.
 */
export function CommitteeForm({ draw, tenderId, sectionCode }: { draw: Draw; tenderId: string; sectionCode: string }) {
  const tx = useEvaluationText();
  const navigate = useNavigate();
  const command = useEvaluationCommand<Room>();
  const [form] = Form.useForm<CommitteeValues>();
  const representatives = Form.useWatch('representatives', form) ?? [];
  const experts = draw.slots.filter((s) => s.onPanel && s.answer === 'confirmed').length;
  const problems = command.error instanceof ApiError ? ((command.error.details as { problems?: Array<{ message: string }> } | undefined)?.problems ?? []) : [];

  async function submit(v: CommitteeValues) {
    const room = await command.mutateAsync({
      path: '/api/evaluations',
      body: {
        tenderId: v.tenderId,
        sectionCode: v.sectionCode,
        drawId: draw.id,
        representatives: v.representatives ?? [],
        items: v.items.map(toItem),
        priceMethod: { kind: 'deviation', priceScoreTotal: String(v.priceScoreTotal), deductAbovePerPct: String(v.deductAbovePerPct), deductBelowPerPct: String(v.deductBelowPerPct), floatPoint: v.floatPoint },
      },
    });
    await navigate(evaluationPaths.room(room.id));
  }

  return (
    <Card title={tx('committee.title')} data-testid="committee-form">
      <Alert
        type="info"
        showIcon
        data-testid="committee-rule"
        message={tx('committee.composition', { experts, representatives: representatives.length, total: experts + representatives.length })}
        description={tx('committee.rule')}
      />
      <Form<CommitteeValues>
        form={form}
        layout="vertical"
        style={{ marginTop: 12 }}
        initialValues={{ tenderId, sectionCode, representatives: [], items: TEMPLATE, priceScoreTotal: '60', deductAbovePerPct: '2', deductBelowPerPct: '1', floatPoint: 'discountBase' }}
        onFinish={(v) => void submit(v).catch(() => undefined)}
      >
        <Space wrap>
          <Form.Item name="tenderId" label={tx('field.tenderId')} rules={[{ required: true, message: tx('required') }]}>
            <Input style={{ width: 320 }} data-testid="committee-tender" />
          </Form.Item>
          <Form.Item name="sectionCode" label={tx('field.sectionCode')} rules={[{ required: true, message: tx('required') }]}>
            <Input style={{ width: 260 }} data-testid="committee-section" />
          </Form.Item>
        </Space>
        <h3>{tx('committee.representatives')}</h3>
        <Form.List name="representatives">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={[field.name, 'userId']} rules={[{ required: true, message: tx('required') }]}>
                    <Input placeholder={tx('committee.userId')} style={{ width: 320 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, message: tx('required') }]}>
                    <Input placeholder={tx('committee.name')} />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>{tx('remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add({ userId: '', name: '' })}>{tx('committee.addRepresentative')}</Button>
            </>
          )}
        </Form.List>
        <h3>{tx('committee.items')}</h3>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'id']} rules={[{ required: true }]}>
                    <Input style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'step']}>
                    <Select style={{ width: 130 }} options={(['qualification', 'preliminary', 'detailed', 'other'] as const).map((s) => ({ value: s, label: tx(`step.${s}`) }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true }]}>
                    <Input style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'kind']}>
                    <Select style={{ width: 120 }} options={(['PASS_FAIL', 'RANGE', 'FIXED'] as const).map((k) => ({ value: k, label: tx(`kind.${k}`) }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'min']}>
                    <Input placeholder={tx('committee.min')} style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'max']}>
                    <Input placeholder={tx('committee.max')} style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'points']}>
                    <Input placeholder={tx('committee.points')} style={{ width: 70 }} />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>{tx('remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add({ id: `i${fields.length + 1}`, step: 'detailed', name: '', kind: 'RANGE', min: '0', max: '10' })}>{tx('committee.addItem')}</Button>
            </>
          )}
        </Form.List>
        <h3>{tx('committee.priceMethod')}</h3>
        <Space wrap>
          <Form.Item name="priceScoreTotal" label={tx('committee.priceScoreTotal')}>
            <InputNumber stringMode min="0" />
          </Form.Item>
          <Form.Item name="deductAbovePerPct" label={tx('committee.deductAbove')}>
            <InputNumber stringMode min="0" />
          </Form.Item>
          <Form.Item name="deductBelowPerPct" label={tx('committee.deductBelow')}>
            <InputNumber stringMode min="0" />
          </Form.Item>
          <Form.Item name="floatPoint" label={tx('committee.floatPoint')}>
            <Select style={{ width: 180 }} options={[{ value: 'discountBase', label: tx('committee.floatDiscount') }, { value: 'none', label: tx('committee.floatNone') }]} />
          </Form.Item>
        </Space>
        {command.isError ? <ApiErrorAlert error={command.error} /> : null}
        {problems.length > 0 ? <Alert type="error" message={problems.map((p) => p.message).join('；')} /> : null}
        <div>
          <Button type="primary" htmlType="submit" loading={command.isPending} data-testid="committee-submit">
            {tx('committee.submit')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
