import { useState } from 'react';
import { Button, Form, Input, QRCode } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import type { DemoAccount, SecondFactorRequest, SecondFactorStep } from '../api/types';
import { canComputeTotp, totp } from '../auth/totp';
import { useI18n } from '../i18n';

interface CodeForm {
  code: string;
}

/** The TOTP step after the password, for roles that need a second factor. */
export function SecondFactorForm({
  step,
  demoAccount,
  pending,
  onSubmit,
  onBack,
  onEdit,
}: {
  step: SecondFactorStep['secondFactor'];
  /** The demo account being signed in, when the demo server published its authenticator secret. */
  demoAccount: DemoAccount | undefined;
  pending: boolean;
  onSubmit: (request: SecondFactorRequest) => void;
  onBack: () => void;
  onEdit: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<CodeForm>();
  const [filling, setFilling] = useState(false);
  const { enrollment } = step;
  const demoSecret = demoAccount?.totpSecret;
  const canFillDemo = demoSecret !== undefined && canComputeTotp(demoAccount?.totpAlgorithm);

  const fillDemoCode = async () => {
    if (demoSecret === undefined) return;
    setFilling(true);
    try {
      form.setFieldsValue({ code: await totp(demoSecret, new Date(), demoAccount?.totpAlgorithm ?? 'SHA256') });
      onEdit();
    } finally {
      setFilling(false);
    }
  };

  return (
    <div data-testid="login-second-factor">
      <h2 className="login-card__step-title">
        <SafetyOutlined /> {t('login.secondFactor.title')}
      </h2>
      <p className="muted small">{t('login.secondFactor.hint')}</p>
      {enrollment === undefined ? null : (
        <div className="enrolment" data-testid="login-enrolment">
          <div className="enrolment__title">{t('login.secondFactor.enrol.title')}</div>
          <p className="muted small">{t('login.secondFactor.enrol.hint', { algorithm: enrollment.algorithm })}</p>
          <div className="enrolment__body">
            <QRCode value={enrollment.otpauthUri} size={148} bordered={false} />
            <div className="enrolment__secret">
              <div className="muted small">{t('login.secondFactor.enrol.secret')}</div>
              <code data-testid="login-enrolment-secret">{enrollment.secret}</code>
            </div>
          </div>
        </div>
      )}
      <Form<CodeForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={pending}
        onValuesChange={onEdit}
        onFinish={(values) => onSubmit({ challenge: step.challenge, code: values.code.trim() })}
      >
        <Form.Item
          name="code"
          label={t('login.secondFactor.code')}
          rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.secondFactor.code.invalid') }]}
        >
          <Input
            size="large"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            autoFocus
            className="totp-input"
            data-testid="login-totp"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={pending} data-testid="login-totp-submit">
          {t('login.secondFactor.submit')}
        </Button>
      </Form>
      <div className="login-card__actions">
        <Button type="link" onClick={onBack} data-testid="login-totp-back">
          {t('login.secondFactor.back')}
        </Button>
        {canFillDemo ? (
          <Button onClick={() => void fillDemoCode()} loading={filling} data-testid="login-totp-demo">
            {t('login.secondFactor.demoFill')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
