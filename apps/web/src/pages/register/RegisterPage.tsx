import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Progress, Radio, Result, Space, Steps, Tag } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';
import { useRegister } from '../../api/queries';
import { entityKinds, type EntityKind, type Registration } from '../../api/types';
import { ApiErrorAlert, errorText } from '../../components/ApiErrorAlert';
import { PasswordChecklist } from '../../components/PasswordChecklist';
import { RegionPicker } from '../../components/RegionPicker';
import { citizenIdMessage, todayInChina, usccMessage, type IdentifierMessage } from '../../domain/identifiers';
import { passwordReport, PHONE_PATTERN, USERNAME_PATTERN } from '../../domain/password';
import { useI18n, type MessageKey } from '../../i18n';
import { SiteFooter } from '../../layout/SiteFooter';
import { SiteHeader } from '../../layout/SiteHeader';
import { useIsPhone } from '../../layout/useIsPhone';
import { useRegionName } from '../../workspace/useRegionName';
import {
  initialWizardValues,
  selfRegistrableRoles,
  targetOfError,
  toRegistrationRequest,
  wizardSteps,
  type FieldTarget,
  type WizardStep,
  type WizardValues,
} from './wizard';

/**
 * `/register` — unified registration (统一注册) of a market entity and its first account:
 * kind → identity → profile → account → review, then "awaiting review". One form holds every
 * step, so going back and forth loses nothing; rules the server applies are checked while typing.
 */
export function RegisterPage() {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<WizardValues>();
  const [step, setStep] = useState<WizardStep>('kind');
  const [serverError, setServerError] = useState<{ target: FieldTarget; error: unknown } | null>(null);
  const [done, setDone] = useState<Registration | null>(null);
  const register = useRegister();
  const top = useRef<HTMLDivElement>(null);
  // `preserve`: the kind's radio is not on screen after the first step, its value still counts.
  const kind = Form.useWatch('kind', { form, preserve: true }) ?? 'enterprise';
  const index = wizardSteps.indexOf(step);

  const goTo = (next: WizardStep) => {
    setStep(next);
    top.current?.scrollIntoView({ block: 'start' });
  };

  // A server refusal is shown on the field it is about, once that step is on screen.
  useEffect(() => {
    if (serverError === null || serverError.target.step !== step || serverError.target.field === undefined) return;
    const { field } = serverError.target;
    form.setFields([{ name: field, errors: [errorText(serverError.error, t)] }]);
    form.scrollToField(field, { block: 'center' });
  }, [serverError, step, form, t]);

  const next = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const following = wizardSteps[index + 1];
    if (following !== undefined) goTo(following);
  };

  const back = () => {
    const previous = wizardSteps[index - 1];
    if (previous !== undefined) goTo(previous);
  };

  const submit = () => {
    const values = form.getFieldsValue(true) as WizardValues;
    setServerError(null);
    register.mutate(toRegistrationRequest(values), {
      onSuccess: (registration) => {
        setDone(registration);
        top.current?.scrollIntoView({ block: 'start' });
      },
      onError: (error) => {
        const target = error instanceof ApiError ? targetOfError(error.code, values.kind, error.details) : ({ step: 'review' } as const);
        setServerError({ target, error });
        goTo(target.step);
      },
    });
  };

  const stepTitle = (key: WizardStep) => t(`register.step.${key}`);

  return (
    <div className="page">
      <SiteHeader />
      <main className="page__main register" ref={top}>
        <div className="register__inner">
          <h1 className="register__title" data-testid="register-title">
            {t('register.title')}
          </h1>
          <p className="muted register__subtitle">{t('register.subtitle')}</p>
          {done !== null ? (
            <RegistrationDone registration={done} />
          ) : (
            <Card className="register__card">
              {isPhone ? (
                <div className="register__phone-steps" data-testid="register-steps">
                  <div className="register__phone-step">
                    {t('register.stepOf', { current: index + 1, total: wizardSteps.length })} · <strong>{stepTitle(step)}</strong>
                  </div>
                  <Progress percent={Math.round(((index + 1) / wizardSteps.length) * 100)} showInfo={false} size="small" />
                </div>
              ) : (
                <Steps
                  className="register__steps"
                  size="small"
                  current={index}
                  data-testid="register-steps"
                  items={wizardSteps.map((key) => ({ key, title: stepTitle(key) }))}
                />
              )}
              {serverError !== null && serverError.target.step === step ? (
                <div className="register__error">
                  <ApiErrorAlert error={serverError.error} testId="register-error" />
                </div>
              ) : null}
              <Form<WizardValues>
                form={form}
                layout="vertical"
                initialValues={initialWizardValues}
                preserve
                scrollToFirstError={{ block: 'center' }}
                disabled={register.isPending}
                data-testid={`register-step-${step}`}
                onValuesChange={() => {
                  if (serverError !== null && serverError.target.step !== 'review') setServerError(null);
                }}
              >
                {step === 'kind' ? <KindStep /> : null}
                {step === 'identity' ? <IdentityStep kind={kind} /> : null}
                {step === 'profile' ? <ProfileStep kind={kind} /> : null}
                {step === 'account' ? <AccountStep form={form} /> : null}
                {step === 'review' ? <ReviewStep form={form} onEdit={goTo} /> : null}
              </Form>
              <div className="register__actions">
                {index > 0 ? (
                  <Button icon={<ArrowLeftOutlined />} onClick={back} disabled={register.isPending} data-testid="register-prev">
                    {t('register.prev')}
                  </Button>
                ) : (
                  <Link to="/login" className="register__login-link">
                    {t('register.haveAccount')}
                  </Link>
                )}
                {step === 'review' ? (
                  <Button type="primary" onClick={submit} loading={register.isPending} data-testid="register-submit">
                    {t('register.submit')}
                  </Button>
                ) : (
                  <Button type="primary" onClick={() => void next()} data-testid="register-next">
                    {t('register.next')} <ArrowRightOutlined />
                  </Button>
                )}
              </div>
            </Card>
          )}
        </div>
      </main>
      <SiteFooter />
    </div>
  );
}

function identifierRule(
  check: (value: string, complete: boolean) => IdentifierMessage | undefined,
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
) {
  const whileTyping = (value: string | undefined) => check(value ?? '', (value ?? '').trim().length >= 18);
  return [
    // While typing: a character that can never be right, or the check character once all 18 are there.
    {
      validateTrigger: 'onChange',
      validator: async (_: unknown, value: string | undefined) => {
        const problem = whileTyping(value);
        if (problem !== undefined) throw new Error(t(problem.key, problem.params));
      },
    },
    // On leaving the field and on "next": the rest of the rule (missing, too short), never the same message twice.
    {
      validateTrigger: 'onBlur',
      validator: async (_: unknown, value: string | undefined) => {
        if (whileTyping(value) !== undefined) return;
        const problem = check(value ?? '', true);
        if (problem !== undefined) throw new Error(t(problem.key, problem.params));
      },
    },
  ];
}

const normaliseIdentifier = (value: string | undefined) => (value ?? '').replace(/\s+/g, '').toUpperCase();

function KindStep() {
  const { t } = useI18n();
  return (
    <Form.Item name="kind" label={t('register.kind.label')} rules={[{ required: true, message: t('register.kind.required') }]}>
      <Radio.Group className="kind-options">
        {entityKinds.map((kind) => (
          <Radio key={kind} value={kind} className="kind-option">
            <span className="kind-option__text" data-testid={`register-kind-${kind}`}>
              <span className="kind-option__title">{t(`register.kind.${kind}`)}</span>
              <span className="kind-option__body">{t(`register.kind.${kind}.description`)}</span>
            </span>
          </Radio>
        ))}
      </Radio.Group>
    </Form.Item>
  );
}

function IdentityStep({ kind }: { kind: EntityKind }) {
  const { t } = useI18n();
  const person = kind === 'naturalPerson';
  const today = todayInChina();
  return (
    <>
      <Form.Item
        name={['entity', 'name']}
        label={t(`register.name.${kind}`)}
        rules={[
          { required: true, whitespace: true, message: t('register.name.required') },
          { min: 2, max: 100, message: t('register.name.length') },
        ]}
      >
        <Input maxLength={100} autoComplete={person ? 'name' : 'organization'} data-testid="register-name" />
      </Form.Item>
      {person ? (
        <Form.Item
          name={['entity', 'citizenId']}
          label={t('register.citizenId')}
          extra={t('register.citizenId.hint')}
          normalize={normaliseIdentifier}
          validateTrigger={['onChange', 'onBlur']}
          rules={identifierRule((value, complete) => citizenIdMessage(value, complete, today), t)}
        >
          <Input maxLength={18} className="mono-input" autoComplete="off" spellCheck={false} data-testid="register-citizen-id" />
        </Form.Item>
      ) : (
        <Form.Item
          name={['entity', 'uscc']}
          label={t('register.uscc')}
          extra={t('register.uscc.hint')}
          normalize={normaliseIdentifier}
          validateTrigger={['onChange', 'onBlur']}
          rules={identifierRule(usccMessage, t)}
        >
          <Input maxLength={18} className="mono-input" autoComplete="off" spellCheck={false} data-testid="register-uscc" />
        </Form.Item>
      )}
      <Form.Item
        name={['entity', 'regionCode']}
        label={t('register.region')}
        extra={t('register.region.hint')}
        rules={[{ required: true, message: t('register.region.required') }]}
      >
        <RegionPicker testId="register-region" />
      </Form.Item>
    </>
  );
}

function ProfileStep({ kind }: { kind: EntityKind }) {
  const { t } = useI18n();
  const person = kind === 'naturalPerson';
  return (
    <>
      {person ? null : (
        <Form.Item
          name={['profile', 'legalRepresentative']}
          label={t('register.legalRepresentative')}
          rules={[
            { required: true, whitespace: true, message: t('register.legalRepresentative.required') },
            { max: 50, message: t('register.max', { max: 50 }) },
          ]}
        >
          <Input maxLength={50} data-testid="register-legal-representative" />
        </Form.Item>
      )}
      <Form.Item
        name={['profile', 'address']}
        label={t('register.address')}
        rules={[{ max: 200, message: t('register.max', { max: 200 }) }]}
      >
        <Input maxLength={200} autoComplete="street-address" data-testid="register-address" />
      </Form.Item>
      {person ? null : (
        <Form.Item
          name={['profile', 'businessScope']}
          label={t('register.businessScope')}
          rules={[{ max: 2000, message: t('register.max', { max: 2000 }) }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="register-business-scope" />
        </Form.Item>
      )}
      <div className="register__section-title">{t('register.contacts')}</div>
      <Form.List
        name={['profile', 'contacts']}
        rules={[
          {
            validator: async (_, contacts: unknown[] | undefined) => {
              if (!contacts || contacts.length === 0) throw new Error(t('register.contacts.required'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, position) => (
              <div key={field.key} className="contact-row" data-testid={`register-contact-${position}`}>
                <Form.Item
                  name={[field.name, 'name']}
                  label={t('register.contact.name')}
                  rules={[
                    { required: true, whitespace: true, message: t('register.contact.name.required') },
                    { max: 50, message: t('register.max', { max: 50 }) },
                  ]}
                >
                  <Input maxLength={50} autoComplete="name" data-testid={`register-contact-${position}-name`} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'phone']}
                  label={t('register.contact.phone')}
                  rules={[
                    { required: true, message: t('register.contact.phone.required') },
                    { pattern: PHONE_PATTERN, message: t('register.contact.phone.invalid') },
                  ]}
                >
                  <Input inputMode="tel" autoComplete="tel" maxLength={20} data-testid={`register-contact-${position}-phone`} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'email']}
                  label={t('register.contact.email')}
                  rules={[{ type: 'email', message: t('register.contact.email.invalid') }]}
                >
                  <Input inputMode="email" autoComplete="email" maxLength={200} data-testid={`register-contact-${position}-email`} />
                </Form.Item>
                {fields.length > 1 ? (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('register.contact.remove')}
                    className="contact-row__remove"
                  >
                    {t('register.contact.remove')}
                  </Button>
                ) : null}
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            {fields.length < 10 ? (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block data-testid="register-contact-add">
                {t('register.contact.add')}
              </Button>
            ) : null}
          </>
        )}
      </Form.List>
    </>
  );
}

function AccountStep({ form }: { form: FormInstance<WizardValues> }) {
  const { t } = useI18n();
  const password = Form.useWatch(['account', 'password'], form) ?? '';
  return (
    <>
      <Form.Item
        name={['account', 'username']}
        label={t('register.username')}
        extra={t('register.username.hint')}
        rules={[
          { required: true, message: t('register.username.required') },
          { pattern: USERNAME_PATTERN, message: t('register.username.invalid') },
        ]}
      >
        <Input maxLength={32} autoComplete="username" autoCapitalize="none" spellCheck={false} data-testid="register-username" />
      </Form.Item>
      <Form.Item
        name={['account', 'displayName']}
        label={t('register.displayName')}
        extra={t('register.displayName.hint')}
        rules={[
          { required: true, whitespace: true, message: t('register.displayName.required') },
          { max: 50, message: t('register.max', { max: 50 }) },
        ]}
      >
        <Input maxLength={50} data-testid="register-display-name" />
      </Form.Item>
      <Form.Item
        name={['account', 'password']}
        label={t('register.password')}
        rules={[
          { required: true, message: t('register.password.required') },
          {
            validator: async (_, value: string | undefined) => {
              if (value && !passwordReport(value).ok) throw new Error(t('password.tooWeak'));
            },
          },
        ]}
        extra={<PasswordChecklist password={password} />}
      >
        <Input.Password autoComplete="new-password" maxLength={256} data-testid="register-password" />
      </Form.Item>
      <Form.Item
        name={['account', 'confirm']}
        label={t('register.confirm')}
        dependencies={[['account', 'password']]}
        rules={[
          { required: true, message: t('register.confirm.required') },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue(['account', 'password'])) throw new Error(t('register.confirm.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={256} data-testid="register-confirm" />
      </Form.Item>
      <Form.Item
        name={['account', 'roles']}
        label={t('register.roles')}
        extra={t('register.roles.hint')}
        rules={[
          { required: true, type: 'array', min: 1, message: t('register.roles.required') },
          { type: 'array', max: 4, message: t('register.roles.max') },
        ]}
      >
        <Checkbox.Group className="role-options">
          {selfRegistrableRoles.map((role) => (
            <Checkbox key={role} value={role}>
              <span data-testid={`register-role-${role}`}>{t(`role.${role}`)}</span>
            </Checkbox>
          ))}
        </Checkbox.Group>
      </Form.Item>
    </>
  );
}

function ReviewStep({ form, onEdit }: { form: FormInstance<WizardValues>; onEdit: (step: WizardStep) => void }) {
  const { t } = useI18n();
  const values = form.getFieldsValue(true) as WizardValues;
  const request = toRegistrationRequest(values);
  const regionName = useRegionName(request.entity.regionCode || null);
  const person = request.entity.kind === 'naturalPerson';
  const none = <span className="muted">{t('workspace.none')}</span>;
  const edit = (step: WizardStep) => (
    <Button type="link" size="small" onClick={() => onEdit(step)} data-testid={`register-edit-${step}`}>
      {t('register.edit')}
    </Button>
  );
  return (
    <div className="register-review" data-testid="register-review">
      <Alert type="info" showIcon title={t('register.review.hint')} className="register-review__hint" />
      <Descriptions
        title={t('register.step.identity')}
        extra={edit('identity')}
        column={1}
        size="small"
        bordered
        items={[
          { key: 'kind', label: t('register.kind.label'), children: t(`register.kind.${request.entity.kind}`) },
          { key: 'name', label: t(`register.name.${request.entity.kind}`), children: request.entity.name },
          person
            ? { key: 'citizenId', label: t('register.citizenId'), children: <code>{request.entity.citizenId}</code> }
            : { key: 'uscc', label: t('register.uscc'), children: <code data-testid="register-review-uscc">{request.entity.uscc}</code> },
          {
            key: 'region',
            label: t('register.region'),
            children: regionName === null ? none : `${regionName}（${request.entity.regionCode}）`,
          },
        ]}
      />
      <Descriptions
        title={t('register.step.profile')}
        extra={edit('profile')}
        column={1}
        size="small"
        bordered
        items={[
          ...(person
            ? []
            : [{ key: 'legal', label: t('register.legalRepresentative'), children: request.entity.profile.legalRepresentative ?? none }]),
          { key: 'address', label: t('register.address'), children: request.entity.profile.address ?? none },
          ...(person ? [] : [{ key: 'scope', label: t('register.businessScope'), children: request.entity.profile.businessScope ?? none }]),
          {
            key: 'contacts',
            label: t('register.contacts'),
            children: (
              <ul className="plain-list">
                {request.entity.profile.contacts.map((contact, position) => (
                  <li key={position}>
                    {contact.name} · {contact.phone}
                    {contact.email === undefined ? null : ` · ${contact.email}`}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      <Descriptions
        title={t('register.step.account')}
        extra={edit('account')}
        column={1}
        size="small"
        bordered
        items={[
          { key: 'username', label: t('register.username'), children: <code>{request.account.username}</code> },
          { key: 'displayName', label: t('register.displayName'), children: request.account.displayName },
          { key: 'password', label: t('register.password'), children: '••••••••' },
          {
            key: 'roles',
            label: t('register.roles'),
            children: (
              <Space size={[4, 4]} wrap>
                {request.account.roles.map((role) => (
                  <Tag key={role} color="blue">
                    {t(`role.${role}`)}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}

function RegistrationDone({ registration }: { registration: Registration }) {
  const { t } = useI18n();
  return (
    <Card className="register__card">
      <Result
        status="success"
        title={<span data-testid="register-result">{t('register.done.title')}</span>}
        subTitle={t('register.done.subtitle', { name: registration.entity.name, username: registration.account.username })}
        extra={[
          <Link key="login" to="/login">
            <Button type="primary">{t('register.done.login')}</Button>
          </Link>,
          <Link key="home" to="/">
            <Button>{t('login.backHome')}</Button>
          </Link>,
        ]}
      >
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            {
              key: 'id',
              label: t('register.done.id'),
              children: (
                <code className="break-all" data-testid="register-result-id">
                  {registration.id}
                </code>
              ),
            },
            {
              key: 'status',
              label: t('register.done.status'),
              children: <Tag color="gold">{t(`registration.status.${registration.status}`)}</Tag>,
            },
          ]}
        />
      </Result>
    </Card>
  );
}
