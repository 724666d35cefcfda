import './project.css';
import { useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App as AntApp, Button, Card, DatePicker, Divider, Form, Input, Select, Space, Spin } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { APPROVAL_KINDS, CONTRACT_KINDS, checkInvestProjectCode, describeCodeCheck, FUNDING_SOURCES, PROJECT_CATEGORIES, type ProjectCategory } from '@ggzy/contracts';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RegionPicker } from '../components/RegionPicker';
import { RequireRoles } from '../components/RequireRoles';
import { useI18n } from '../i18n';
import { useWorkspaceUser } from '../workspace/useWorkspaceUser';
import { useProjectText } from './messages';
import { AMOUNT, formatAmount, sumAmounts, toWan } from './parts';
import { projectPaths } from './paths';
import { type Project, type ProjectRegistration, useMustEnter, useProject, useRegisterProject, useResubmitProject } from './queries';

interface FormValues {
  name: string;
  category: ProjectCategory;
  contractKind?: ProjectRegistration['contractKind'];
  investProjectCode?: string;
  approvalKind: ProjectRegistration['approval']['kind'];
  documentNumber: string;
  authority: string;
  approvalDate?: Dayjs;
  fundingSource: ProjectRegistration['fundingSource'];
  regionCode?: string;
  industryCode: string;
  estimatedAmount: string;
  tendererName: string;
  sections: Array<{ name: string; estimatedAmount: string }>;
}

const PROCURED: readonly ProjectCategory[] = ['engineeringConstruction', 'governmentProcurement'];

function toBody(values: FormValues): ProjectRegistration {
  const investProjectCode = values.investProjectCode?.trim();
  return {
    name: values.name.trim(),
    ...(investProjectCode ? { investProjectCode } : {}),
    approval: { kind: values.approvalKind, documentNumber: values.documentNumber.trim(), authority: values.authority.trim(), date: values.approvalDate?.format('YYYY-MM-DD') ?? '' },
    fundingSource: values.fundingSource,
    regionCode: values.regionCode ?? '',
    industryCode: values.industryCode.trim(),
    category: values.category,
    ...(PROCURED.includes(values.category) && values.contractKind ? { contractKind: values.contractKind } : {}),
    estimatedAmount: values.estimatedAmount.trim(),
    tendererName: values.tendererName.trim(),
    sections: values.sections.map((s) => ({ name: s.name.trim(), estimatedAmount: s.estimatedAmount.trim() })),
  };
}

function fromProject(project: Project): FormValues {
  return {
    name: project.name,
    category: project.category,
    ...(project.contractKind ? { contractKind: project.contractKind } : {}),
    investProjectCode: project.investProjectCode ?? '',
    approvalKind: project.approval.kind as FormValues['approvalKind'],
    documentNumber: project.approval.documentNumber,
    authority: project.approval.authority,
    approvalDate: dayjs(project.approval.date),
    fundingSource: project.fundingSource,
    regionCode: project.regionCode,
    industryCode: project.industryCode,
    estimatedAmount: project.estimatedAmount,
    tendererName: project.tendererName,
    sections: project.sections.filter((s) => !s.withdrawn).map((s) => ({ name: s.name, estimatedAmount: s.estimatedAmount })),
  };
}

/**
 * `/workspace/projects/new` — 项目进场登记 (tenderers, agencies), and `/workspace/projects/:id/edit`
 * for a returned entry. Codes are checked as they are typed with the same validators the server
 * uses; the catalogue's decision (must the project trade here, and why) updates live.
 */
export function ProjectFormPage() {
  const { id } = useParams();
  const existing = useProject(id);
  const text = useProjectText();
  if (id !== undefined && existing.isPending) return <Spin />;
  if (id !== undefined && existing.isError) return <ApiErrorAlert error={existing.error} />;
  return (
    <RequireRoles roles={['tenderer', 'agency']}>
      <div className="workspace-page" data-testid="project-form-page">
        <Card title={<h1 className="card-title-heading">{text(id === undefined ? 'form.title' : 'form.editTitle')}</h1>}>
          <ProjectForm key={existing.data?.id ?? 'new'} project={existing.data} />
        </Card>
      </div>
    </RequireRoles>
  );
}

function ProjectForm({ project }: { project: Project | undefined }) {
  const text = useProjectText();
  const { locale } = useI18n();
  const user = useWorkspaceUser();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const register = useRegisterProject();
  const resubmit = useResubmitProject();
  const mutation = project ? resubmit : register;

  const initialValues = useMemo<Partial<FormValues>>(
    () =>
      project
        ? fromProject(project)
        : {
            category: 'engineeringConstruction',
            contractKind: 'works',
            approvalKind: 'approval',
            fundingSource: 'stateBudget',
            regionCode: user.regionCode ?? '520000',
            tendererName: user.entityName ?? '',
            sections: [{ name: '', estimatedAmount: '' }],
          },
    [project, user.regionCode, user.entityName],
  );

  const category = Form.useWatch('category', form);
  const contractKind = Form.useWatch('contractKind', form);
  const fundingSource = Form.useWatch('fundingSource', form);
  const estimatedAmount = Form.useWatch('estimatedAmount', form);
  const approvalDate = Form.useWatch('approvalDate', form);
  const sections = Form.useWatch('sections', form);
  const procured = category !== undefined && PROCURED.includes(category);
  const amountValid = typeof estimatedAmount === 'string' && AMOUNT.test(estimatedAmount.trim());
  const decisionQuery =
    category !== undefined && fundingSource !== undefined && amountValid && (!procured || contractKind !== undefined)
      ? {
          category,
          fundingSource,
          estimatedAmount: estimatedAmount.trim(),
          ...(procured && contractKind ? { contractKind } : {}),
          ...(approvalDate ? { date: approvalDate.format('YYYY-MM-DD') } : {}),
        }
      : null;
  const decision = useMustEnter(decisionQuery);

  const required = (field: string) => ({ required: true, whitespace: true, message: text('form.required', { field }) });
  const amountRule = { pattern: AMOUNT, message: text('form.amount.invalid') };

  const onSuccess = (saved: Project) => {
    void message.success(text('form.submitted', { code: saved.projectCode }));
    void navigate(projectPaths.detail(saved.id));
  };
  const submit = (values: FormValues) => {
    const body = toBody(values);
    if (project) resubmit.mutate({ id: project.id, body }, { onSuccess });
    else register.mutate(body, { onSuccess });
  };

  const decisionView = decision.data ? (
    <Alert
      type={decision.data.mustEnter ? 'warning' : 'info'}
      showIcon
      data-testid="must-enter-decision"
      data-must-enter={String(decision.data.mustEnter)}
      message={text(decision.data.mustEnter ? 'decision.title.must' : 'decision.title.not')}
      description={
        decision.data.mustEnter
          ? text('decision.entry', { entry: (locale === 'en' ? decision.data.entryNameEn : decision.data.entryNameZh) ?? '', version: decision.data.version, basis: decision.data.basis ?? '' })
          : text(`decision.reason.${decision.data.reason as 'belowThreshold' | 'fundingNotCovered' | 'contractKindNotCovered' | 'categoryNotListed'}`, {
              entry: (locale === 'en' ? decision.data.entryNameEn : decision.data.entryNameZh) ?? '',
            })
      }
    />
  ) : null;

  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} scrollToFirstError data-testid="project-form" className="project-form">
      <p className="project-form__intro">{text('form.intro')}</p>
      {project && project.returnReasons.length > 0 ? (
        <Alert type="error" showIcon message={text('project.returnReasons')} description={<ul className="plain-list">{project.returnReasons.map((r) => <li key={r}>{r}</li>)}</ul>} />
      ) : null}

      <Divider titlePlacement="start">{text('form.section.basic')}</Divider>
      <Form.Item name="name" label={text('form.name')} rules={[required(text('form.name'))]}>
        <Input maxLength={600} data-testid="project-name" />
      </Form.Item>
      <div className="form-grid">
        <Form.Item name="category" label={text('form.category')} rules={[{ required: true }]}>
          <Select data-testid="project-category" options={PROJECT_CATEGORIES.map((c) => ({ value: c, label: text(`category.${c}`) }))} />
        </Form.Item>
        {procured ? (
          <Form.Item name="contractKind" label={text('form.contractKind')} rules={[{ required: true, message: text('form.required', { field: text('form.contractKind') }) }]}>
            <Select data-testid="project-contract-kind" options={CONTRACT_KINDS.map((c) => ({ value: c, label: text(`contractKind.${c}`) }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="fundingSource" label={text('form.fundingSource')} rules={[{ required: true }]}>
          <Select data-testid="project-funding" options={FUNDING_SOURCES.map((f) => ({ value: f, label: text(`funding.${f}`) }))} />
        </Form.Item>
      </div>
      <Form.Item
        name="investProjectCode"
        label={text('form.investProjectCode')}
        extra={text('form.investProjectCode.help')}
        validateTrigger={['onChange', 'onBlur']}
        hasFeedback
        required={category === 'engineeringConstruction'}
        dependencies={['category']}
        rules={[
          {
            validator: async (_rule, value: string | undefined) => {
              const code = value?.trim() ?? '';
              if (code === '') {
                if (form.getFieldValue('category') === 'engineeringConstruction') throw new Error(text('form.investProjectCode.required'));
                return;
              }
              const problem = describeCodeCheck('investProjectCode', checkInvestProjectCode(code), locale);
              if (problem !== undefined) throw new Error(problem);
            },
          },
        ]}
      >
        <Input maxLength={40} placeholder="2611-520111-48-01-510027" className="code-input" data-testid="project-invest-code" autoComplete="off" />
      </Form.Item>
      <Form.Item name="regionCode" label={text('form.region')} rules={[{ required: true, message: text('form.required', { field: text('form.region') }) }]}>
        <RegionPicker testId="project-region" />
      </Form.Item>
      <div className="form-grid">
        <Form.Item
          name="industryCode"
          label={text('form.industryCode')}
          extra={text('form.industryCode.help')}
          validateTrigger={['onChange', 'onBlur']}
          rules={[required(text('form.industryCode')), { pattern: /^([A-T]|\d{2,4})$/, message: text('form.industryCode.invalid') }]}
        >
          <Input maxLength={4} data-testid="project-industry" />
        </Form.Item>
        <Form.Item
          name="estimatedAmount"
          label={text('form.estimatedAmount')}
          validateTrigger={['onChange', 'onBlur']}
          extra={amountValid ? text('form.amount.wan', { wan: toWan(estimatedAmount.trim()) }) : undefined}
          rules={[required(text('form.estimatedAmount')), amountRule]}
        >
          <Input inputMode="decimal" data-testid="project-amount" />
        </Form.Item>
      </div>
      {decisionView}
      <Form.Item name="tendererName" label={text('form.tendererName')} rules={[required(text('form.tendererName'))]} className="form-gap-top">
        <Input maxLength={200} data-testid="project-tenderer" />
      </Form.Item>

      <Divider titlePlacement="start">{text('form.section.approval')}</Divider>
      <div className="form-grid">
        <Form.Item name="approvalKind" label={text('form.approvalKind')} rules={[{ required: true }]}>
          <Select data-testid="project-approval-kind" options={APPROVAL_KINDS.map((k) => ({ value: k, label: text(`approvalKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="approvalDate" label={text('form.approvalDate')} rules={[{ required: true, message: text('form.required', { field: text('form.approvalDate') }) }]}>
          <DatePicker className="full-width" data-testid="project-approval-date" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </div>
      <div className="form-grid">
        <Form.Item name="documentNumber" label={text('form.documentNumber')} rules={[required(text('form.documentNumber'))]}>
          <Input maxLength={100} data-testid="project-document" />
        </Form.Item>
        <Form.Item name="authority" label={text('form.authority')} rules={[required(text('form.authority'))]}>
          <Input maxLength={100} data-testid="project-authority" />
        </Form.Item>
      </div>

      <Divider titlePlacement="start">{text('form.section.sections')}</Divider>
      <Form.List name="sections">
        {(fields, { add, remove }) => (
          <div className="section-list" data-testid="project-sections">
            {fields.map((field, index) => (
              <div key={field.key} className="section-row" data-testid={`section-row-${index}`}>
                <span className="section-row__number">{index + 1}</span>
                <Form.Item name={[field.name, 'name']} rules={[required(text('form.sectionName'))]} className="section-row__name">
                  <Input placeholder={text('form.sectionName')} maxLength={500} data-testid={`section-name-${index}`} />
                </Form.Item>
                <Form.Item name={[field.name, 'estimatedAmount']} validateTrigger={['onChange', 'onBlur']} rules={[required(text('form.sectionAmount')), amountRule]} className="section-row__amount">
                  <Input placeholder={text('form.sectionAmount')} inputMode="decimal" data-testid={`section-amount-${index}`} />
                </Form.Item>
                <Button aria-label={text('form.removeSection')} icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(field.name)} />
              </div>
            ))}
            <Space wrap className="section-list__footer">
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', estimatedAmount: '' })} disabled={fields.length >= 99} data-testid="section-add">
                {text('form.addSection')}
              </Button>
              <span className="muted" data-testid="section-total">
                {text('form.sectionTotal', { total: formatAmount(sumAmounts((sections ?? []).map((s) => s?.estimatedAmount?.trim() ?? ''))) })}
              </span>
            </Space>
          </div>
        )}
      </Form.List>

      {mutation.isError ? <ApiErrorAlert error={mutation.error} testId="project-form-error" /> : null}
      <Form.Item className="form-gap-top">
        <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="project-submit" block>
          {text(project ? 'form.resubmit' : 'form.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
