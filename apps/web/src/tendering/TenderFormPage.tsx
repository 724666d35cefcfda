import './tendering.css';
import '../project/project.css';
import { useEffect, useMemo, useRef } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App as AntApp, Button, Card, Divider, Form, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { fromFen, isAmount, toFen } from '@ggzy/contracts';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RegionPicker } from '../components/RegionPicker';
import { RequireRoles } from '../components/RequireRoles';
import { displayTimeZone, formatDateTime, useI18n } from '../i18n';
import { AMOUNT, formatAmount } from '../project/parts';
import { useWorkspaceUser } from '../workspace/useWorkspaceUser';
import {
  type AvailableSection,
  type ProcedureType,
  type SecurityKind,
  type TenderInput,
  type TenderRules,
  useAvailableSections,
  useCreateTender,
  useProcedures,
  useSubmitTender,
  useTenderRules,
} from './api';
import { useProcedureName } from './parts';
import { tenderingPaths } from './paths';
import { useTenderingText } from './text';

interface SectionValues {
  sectionCode: string;
  name: string;
  estimatedAmount: string;
  ceilingPrice: string;
  securityKind: SecurityKind;
  securityAmount: string;
}

interface FormValues {
  procedureType: ProcedureType;
  title: string;
  regionCode?: string;
  announcement: string;
  /** `YYYY-MM-DDTHH:mm` of a datetime-local input, read as Beijing time. */
  bidDeadline: string;
  sectionCodes: string[];
  sections: SectionValues[];
}

const SECURITY_KINDS: readonly SecurityKind[] = ['electronicGuarantee', 'cashDeposit', 'none'];

/** The highest security for an estimate under the served rule (percent of the estimate, to the fen, rounded down). */
export function securityLimit(estimate: string, percent: number): string | null {
  if (!isAmount(estimate)) return null;
  return fromFen((toFen(estimate) * BigInt(Math.round(percent * 100))) / 10_000n);
}

/** A datetime-local value as an instant in Beijing time. */
function deadlineInstant(value: string): dayjs.Dayjs | null {
  const instant = dayjs.tz(value, displayTimeZone);
  return value !== '' && instant.isValid() ? instant : null;
}

function toBody(values: FormValues): TenderInput {
  return {
    procedureType: values.procedureType,
    title: values.title.trim(),
    regionCode: values.regionCode ?? '',
    announcement: values.announcement.trim(),
    bidDeadline: deadlineInstant(values.bidDeadline)?.toISOString() ?? values.bidDeadline,
    sections: values.sections.map((s) => ({
      sectionCode: s.sectionCode,
      name: s.name.trim(),
      estimatedAmount: s.estimatedAmount.trim(),
      ceilingPrice: s.ceilingPrice.trim(),
      security: { kind: s.securityKind, amount: s.securityKind === 'none' ? '0.00' : s.securityAmount.trim() },
    })),
  };
}

/**
 * `/workspace/tenders/new` — 新建招标公告 (tenderers, agencies). The deadline and the bid security
 * are checked as they are typed against the rules the server serves (`GET /api/tendering/rules`,
 * the same calculation that refuses a wrong tender), by server time.
 */
export function TenderFormPage() {
  const text = useTenderingText();
  return (
    <RequireRoles roles={['tenderer', 'agency']}>
      <div className="workspace-page" data-testid="tender-form-page">
        <Card title={<h1 className="card-title-heading">{text('form.title')}</h1>}>
          <TenderForm />
        </Card>
      </div>
    </RequireRoles>
  );
}

function TenderForm() {
  const text = useTenderingText();
  const { locale } = useI18n();
  const user = useWorkspaceUser();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const procedures = useProcedures();
  const procedureName = useProcedureName();
  const available = useAvailableSections();
  const create = useCreateTender();
  const submitTender = useSubmitTender();
  const intent = useRef<'draft' | 'submit'>('submit');

  const procedureType = Form.useWatch('procedureType', form);
  const rules = useTenderRules(procedureType);
  const rulesData = rules.data;
  const deadline = Form.useWatch('bidDeadline', form);

  const initialValues = useMemo<Partial<FormValues>>(
    () => ({ procedureType: 'engineeringOpen', regionCode: user.regionCode ?? '520000', sectionCodes: [], sections: [] }),
    [user.regionCode],
  );

  // A new rule (other procedure, a new day) re-checks a deadline already typed.
  useEffect(() => {
    if (rulesData && form.isFieldTouched('bidDeadline')) void form.validateFields(['bidDeadline']).catch(() => undefined);
  }, [rulesData, form]);

  const chooseSections = (codes: string[]) => {
    const current: SectionValues[] = form.getFieldValue('sections') ?? [];
    const next = codes.flatMap((code) => {
      const kept = current.find((s) => s.sectionCode === code);
      if (kept) return [kept];
      const section = available.sections.find((s) => s.sectionCode === code);
      if (!section) return [];
      const limit = securityLimit(section.estimatedAmount, rulesData?.bidSecurity.percent ?? 0) ?? '';
      return [{ sectionCode: code, name: section.name, estimatedAmount: section.estimatedAmount, ceilingPrice: section.estimatedAmount, securityKind: 'electronicGuarantee' as const, securityAmount: limit }];
    });
    form.setFieldValue('sections', next);
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: text('form.required', { field }) });
  const amountRule = { pattern: AMOUNT, message: text('form.amount.invalid') };

  const finish = (title: string, id: string) => {
    void message.success(text(intent.current === 'submit' ? 'form.submitted' : 'form.saved', { title }));
    void navigate(tenderingPaths.manage(id));
  };
  const submit = (values: FormValues) => {
    create.mutate(toBody(values), {
      onSuccess: (created) => {
        if (intent.current === 'draft') finish(created.title, created.id);
        else submitTender.mutate(created.id, { onSuccess: () => finish(created.title, created.id), onError: () => void navigate(tenderingPaths.manage(created.id)) });
      },
    });
  };

  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} scrollToFirstError data-testid="tender-form" className="project-form">
      <p className="project-form__intro">{text('form.intro')}</p>
      <div className="form-grid">
        <Form.Item name="procedureType" label={text('form.procedure')} rules={[{ required: true }]}>
          <Select
            data-testid="tender-procedure"
            loading={procedures.isPending}
            options={(procedures.data ?? []).map((p) => ({ value: p.type, label: procedureName(p.type) }))}
          />
        </Form.Item>
        <Form.Item name="regionCode" label={text('form.region')} rules={[{ required: true, message: text('form.required', { field: text('form.region') }) }]}>
          <RegionPicker testId="tender-region" />
        </Form.Item>
      </div>
      {procedures.isError ? <ApiErrorAlert error={procedures.error} /> : null}
      <Form.Item name="title" label={text('form.name')} rules={[required(text('form.name')), { min: 2, message: text('form.required', { field: text('form.name') }) }]}>
        <Input maxLength={600} data-testid="tender-title-input" />
      </Form.Item>
      <Form.Item name="announcement" label={text('form.announcement')} extra={text('form.announcement.help')} rules={[required(text('form.announcement'))]}>
        <Input.TextArea rows={6} maxLength={100_000} data-testid="tender-announcement-input" />
      </Form.Item>

      <Form.Item
        name="bidDeadline"
        label={text('form.deadline')}
        validateTrigger={['onChange', 'onBlur']}
        hasFeedback
        extra={<DeadlineRule rules={rulesData} />}
        rules={[
          { required: true, message: text('form.required', { field: text('form.deadline') }) },
          {
            validator: async (_rule, value: string | undefined) => {
              const instant = deadlineInstant(value ?? '');
              if (!instant || !rulesData) return;
              if (instant.valueOf() <= Date.parse(rulesData.serverTime)) throw new Error(text('form.deadline.past'));
              const period = rulesData.documentIssueToDeadline;
              if (rulesData.earliestDeadlineDate && period && instant.format('YYYY-MM-DD') < rulesData.earliestDeadlineDate) {
                throw new Error(text('form.deadline.tooEarly', { earliest: rulesData.earliestDeadlineDate, article: period.article }));
              }
            },
          },
        ]}
      >
        <Input type="datetime-local" className="full-width" data-testid="tender-deadline-input" />
      </Form.Item>
      {deadline && deadlineInstant(deadline) ? <p className="muted small">{formatDateTime(deadlineInstant(deadline)?.toISOString() ?? '', locale)}</p> : null}

      <Divider titlePlacement="start">{text('form.sections')}</Divider>
      {available.error ? <ApiErrorAlert error={available.error} onRetry={available.refetch} /> : null}
      {!available.isPending && available.sections.length === 0 ? <Alert type="warning" showIcon message={text('form.sections.none')} /> : null}
      <Form.Item name="sectionCodes" rules={[{ required: true, type: 'array', min: 1, message: text('form.sections.required') }]}>
        <Select
          mode="multiple"
          data-testid="tender-section-picker"
          placeholder={text('form.sections.pick')}
          loading={available.isPending}
          onChange={chooseSections}
          optionFilterProp="label"
          options={available.sections.map((s) => ({ value: s.sectionCode, label: sectionLabel(s) }))}
        />
      </Form.Item>
      <Form.List name="sections">
        {(fields) => (
          <div data-testid="tender-sections-form">
            {fields.map((field, index) => (
              <SectionFields key={field.key} index={index} name={field.name} rules={rulesData} amountRule={amountRule} />
            ))}
          </div>
        )}
      </Form.List>

      {create.isError ? <ApiErrorAlert error={create.error} testId="tender-form-error" /> : null}
      {submitTender.isError ? <ApiErrorAlert error={submitTender.error} testId="tender-form-error" /> : null}
      <Space wrap className="form-gap-top">
        <Button type="primary" htmlType="submit" loading={create.isPending || submitTender.isPending} onClick={() => (intent.current = 'submit')} data-testid="tender-save-submit">
          {text('form.saveAndSubmit')}
        </Button>
        <Button htmlType="submit" loading={create.isPending} onClick={() => (intent.current = 'draft')} data-testid="tender-save-draft">
          {text('form.saveDraft')}
        </Button>
      </Space>
    </Form>
  );
}

function sectionLabel(s: AvailableSection): string {
  return `${s.projectName} · ${s.name} · ${s.sectionCode}`;
}

function DeadlineRule({ rules }: { rules: TenderRules | undefined }) {
  const text = useTenderingText();
  if (!rules) return null;
  const period = rules.documentIssueToDeadline;
  if (!period || !rules.earliestDeadlineDate) return <span data-testid="tender-deadline-rule">{text('form.deadline.noRule')}</span>;
  return (
    <span data-testid="tender-deadline-rule">
      {text('form.deadline.rule', {
        article: period.article,
        days: period.days,
        unit: text(period.counting === 'calendar' ? 'form.unit.calendar' : 'form.unit.working'),
        today: rules.issuedOn,
        earliest: rules.earliestDeadlineDate,
      })}
    </span>
  );
}

function SectionFields({ index, name, rules, amountRule }: { index: number; name: number; rules: TenderRules | undefined; amountRule: { pattern: RegExp; message: string } }) {
  const text = useTenderingText();
  const form = Form.useFormInstance<FormValues>();
  const section = Form.useWatch(['sections', name], form);
  const percent = rules?.bidSecurity.percent ?? 0;
  const limit = section ? securityLimit(section.estimatedAmount?.trim() ?? '', percent) : null;
  const required = (field: string) => ({ required: true, whitespace: true, message: text('form.required', { field }) });
  return (
    <div className="tender-section-row" data-testid={`tender-section-${index}`}>
      <div className="tender-section-row__head">
        <strong>{section?.name}</strong>
        <span className="muted small project-code">{section?.sectionCode}</span>
      </div>
      <div className="form-grid">
        <Form.Item name={[name, 'estimatedAmount']} label={text('form.section.estimate')} validateTrigger={['onChange', 'onBlur']} rules={[required(text('form.section.estimate')), amountRule]}>
          <Input inputMode="decimal" data-testid={`tender-section-estimate-${index}`} />
        </Form.Item>
        <Form.Item name={[name, 'ceilingPrice']} label={text('form.section.ceiling')} validateTrigger={['onChange', 'onBlur']} rules={[required(text('form.section.ceiling')), amountRule]}>
          <Input inputMode="decimal" data-testid={`tender-section-ceiling-${index}`} />
        </Form.Item>
      </div>
      <div className="form-grid">
        <Form.Item name={[name, 'securityKind']} label={text('form.section.securityKind')} rules={[{ required: true }]}>
          <Select data-testid={`tender-section-security-kind-${index}`} options={SECURITY_KINDS.map((k) => ({ value: k, label: text(`security.${k}`) }))} />
        </Form.Item>
        {section?.securityKind === 'none' ? null : (
          <Form.Item
            name={[name, 'securityAmount']}
            label={text('form.section.securityAmount')}
            validateTrigger={['onChange', 'onBlur']}
            dependencies={[['sections', name, 'estimatedAmount']]}
            extra={limit && rules ? <span data-testid={`tender-section-security-limit-${index}`}>{text('form.section.securityLimit', { percent, limit: formatAmount(limit), article: rules.bidSecurity.article })}</span> : undefined}
            rules={[
              required(text('form.section.securityAmount')),
              amountRule,
              {
                validator: async (_rule, value: string | undefined) => {
                  const amount = value?.trim() ?? '';
                  const estimate: string = form.getFieldValue(['sections', name, 'estimatedAmount'])?.trim() ?? '';
                  const max = securityLimit(estimate, percent);
                  if (max !== null && isAmount(amount) && toFen(amount) > toFen(max)) throw new Error(text('form.section.securityTooHigh', { percent, limit: formatAmount(max) }));
                },
              },
            ]}
          >
            <Input inputMode="decimal" data-testid={`tender-section-security-${index}`} />
          </Form.Item>
        )}
      </div>
      <Form.Item name={[name, 'sectionCode']} hidden>
        <Input />
      </Form.Item>
      <Form.Item name={[name, 'name']} hidden>
        <Input />
      </Form.Item>
    </div>
  );
}
