import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Collapse, Form, Input, Tabs, Tag } from 'antd';
import { IdcardOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { useCertificateLogin, useCurrentUser, useDemoAccounts, useLogin, useSecondFactor } from '../api/queries';
import { isRole, isSecondFactorStep, type DemoAccount, type LoginRequest, type SecondFactorStep } from '../api/types';
import { errorText } from '../components/ApiErrorAlert';
import { BrandMark } from '../components/BrandMark';
import { CertificateFilesForm } from '../components/CertificateFilesForm';
import { certificateErrorText } from '../crypto/errors';
import { LocaleSwitch } from '../components/LocaleSwitch';
import { useI18n } from '../i18n';
import { SecondFactorForm } from './SecondFactorForm';

/** Where to go after signing in: back to the workspace page that sent us here, else /workspace. */
function returnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'string' && state.from.startsWith('/workspace')) {
    return state.from;
  }
  return '/workspace';
}

type LoginMode = 'password' | 'certificate';

/**
 * `/login`: username and password, then a TOTP code for the roles that need a second factor; or
 * a digital certificate (数字证书登录): the key file is opened and the challenge signed in the page.
 */
export function LoginPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useCurrentUser();
  const demo = useDemoAccounts();
  const login = useLogin();
  const secondFactor = useSecondFactor();
  const certificateLogin = useCertificateLogin();
  const [form] = Form.useForm<LoginRequest>();
  const [mode, setMode] = useState<LoginMode>('password');
  const [step, setStep] = useState<{ username: string; secondFactor: SecondFactorStep['secondFactor'] } | null>(null);
  const [fileError, setFileError] = useState<unknown>(null);

  const signingIn =
    login.isPending || login.isSuccess || secondFactor.isPending || secondFactor.isSuccess || certificateLogin.isPending || certificateLogin.isSuccess;
  if (me.data && !signingIn) return <Navigate to={returnPath(location.state)} replace />;

  const done = () => navigate(returnPath(location.state), { replace: true });

  const submitPassword = (values: LoginRequest) => {
    const username = values.username.trim();
    login.mutate(
      { username, password: values.password },
      {
        onSuccess: (response) => {
          if (isSecondFactorStep(response)) setStep({ username, secondFactor: response.secondFactor });
          else done();
        },
      },
    );
  };

  const backToPassword = () => {
    setStep(null);
    login.reset();
    secondFactor.reset();
    form.setFieldsValue({ password: '' });
  };

  const fillDemo = (account: DemoAccount, password: string) => {
    form.setFieldsValue({ username: account.username, password });
    login.reset();
  };

  const failure = step !== null ? secondFactor.error : mode === 'password' ? login.error : (fileError ?? certificateLogin.error);
  const requestId = failure instanceof ApiError ? failure.requestId : null;

  const passwordForm = (
    <Form<LoginRequest>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={submitPassword}
      onValuesChange={() => {
        if (login.isError) login.reset();
      }}
      disabled={login.isPending}
      data-testid="login-form"
    >
      <Form.Item
        name="username"
        label={t('login.username')}
        rules={[{ required: true, whitespace: true, message: t('login.username.required') }]}
      >
        <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" spellCheck={false} size="large" data-testid="login-username" />
      </Form.Item>
      <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.password.required') }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={login.isPending} data-testid="login-submit">
        {t('login.submit')}
      </Button>
    </Form>
  );

  const certificateForm = (
    <div data-testid="login-certificate">
      <p className="muted small">{t('login.certificate.hint')}</p>
      <CertificateFilesForm
        testIdPrefix="cert-login"
        submitText={t('login.certificate.submit')}
        pending={certificateLogin.isPending}
        onEdit={() => {
          setFileError(null);
          if (certificateLogin.isError) certificateLogin.reset();
        }}
        onError={(error) => {
          certificateLogin.reset();
          setFileError(error);
        }}
        onSigner={(signer) => {
          setFileError(null);
          certificateLogin.mutate(signer, { onSuccess: done });
        }}
      />
    </div>
  );

  return (
    <div className="login-page">
      <div className="login-page__top">
        <Link to="/" className="site-brand site-brand--light" data-testid="site-brand">
          <BrandMark size={32} />
          <span className="site-brand__name">{t('app.name')}</span>
        </Link>
        <LocaleSwitch size="small" />
      </div>
      <main className="login-page__main">
        <Card className="login-card">
          <h1 className="login-card__title" data-testid="login-title">
            {t('login.title')}
          </h1>
          <p className="muted">{t('login.subtitle')}</p>
          {failure === null ? null : (
            <div data-testid="login-error" className="login-card__error">
              <Alert
                type="error"
                showIcon
                title={mode === 'certificate' && step === null ? certificateErrorText(failure, t) : errorText(failure, t)}
                description={requestId === null ? undefined : <span className="muted small">{t('error.requestId', { requestId })}</span>}
              />
            </div>
          )}
          {step === null ? (
            <Tabs
              activeKey={mode}
              onChange={(key) => setMode(key === 'certificate' ? 'certificate' : 'password')}
              items={[
                {
                  key: 'password',
                  label: (
                    <span data-testid="login-tab-password">
                      <LockOutlined /> {t('login.tab.password')}
                    </span>
                  ),
                  children: passwordForm,
                },
                {
                  key: 'certificate',
                  label: (
                    <span data-testid="login-tab-certificate">
                      <IdcardOutlined /> {t('login.tab.certificate')}
                    </span>
                  ),
                  children: certificateForm,
                },
              ]}
            />
          ) : (
            <SecondFactorForm
              step={step.secondFactor}
              demoAccount={demo.data?.items.find((account) => account.username === step.username)}
              pending={secondFactor.isPending}
              onSubmit={(request) => secondFactor.mutate(request, { onSuccess: done })}
              onBack={backToPassword}
              onEdit={() => {
                if (secondFactor.isError) secondFactor.reset();
              }}
            />
          )}
          {step === null && mode === 'password' && demo.data ? <DemoAccountsPanel accounts={demo.data.items} password={demo.data.password} onPick={fillDemo} /> : null}
          <div className="login-card__back">
            <Link to="/register" data-testid="login-register-link">
              {t('login.register')}
            </Link>
            <span className="login-card__sep" aria-hidden="true">
              ·
            </span>
            <Link to="/">{t('login.backHome')}</Link>
          </div>
        </Card>
      </main>
    </div>
  );
}

function DemoAccountsPanel({
  accounts,
  password,
  onPick,
}: {
  accounts: DemoAccount[];
  password: string;
  onPick: (account: DemoAccount, password: string) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="demo-accounts" data-testid="demo-accounts">
      <Collapse
        size="small"
        defaultActiveKey={['demo']}
        items={[
          {
            key: 'demo',
            label: t('login.demo.title'),
            children: (
              <>
                <p className="muted small">{t('login.demo.hint', { password })}</p>
                <ul className="demo-accounts__list">
                  {accounts.map((account) => (
                    <li key={account.username}>
                      <button
                        type="button"
                        className="demo-account"
                        data-testid={`demo-account-${account.username}`}
                        onClick={() => onPick(account, password)}
                      >
                        <span className="demo-account__name">{account.displayName}</span>
                        <span className="demo-account__meta">
                          <Tag>{isRole(account.role) ? t(`role.${account.role}`) : account.role}</Tag>
                          <code>{account.username}</code>
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            ),
          },
        ]}
      />
    </div>
  );
}
