import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Popconfirm, Radio, Result, Space, Steps } from 'antd';
import { CheckCircleFilled, DownloadOutlined, KeyOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useRequestCertificate } from '../../api/queries';
import type { IssuedCertificate } from '../../api/types';
import { PasswordChecklist } from '../../components/PasswordChecklist';
import { downloadText } from '../../crypto/download';
import { certificateErrorText } from '../../crypto/errors';
import type { KeyAlgorithm } from '../../crypto/keys';
import { passwordReport } from '../../domain/password';
import { formatDate, useI18n } from '../../i18n';
import { useWorkspaceUser } from '../useWorkspaceUser';

interface RequestValues {
  algorithm: KeyAlgorithm;
  passphrase: string;
  confirm: string;
}

type Stage = 'key' | 'csr' | 'encrypt' | 'submit';
const stages: Stage[] = ['key', 'csr', 'encrypt', 'submit'];

interface Issued {
  certificate: IssuedCertificate;
  keyPem: string;
  keyFileName: string;
  certificateFileName: string;
}

/**
 * 申请数字证书: the key pair is made in this page (SM2 with sm-crypto-v2, or P-256 with Web
 * Crypto), a PKCS#10 request signed with it goes to the server, and the private key is offered
 * for download only as an encrypted PKCS#8 file (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC) under
 * the passphrase typed here. The key is encrypted before the request is sent and is never sent.
 */
export function RequestCertificate({ onClose }: { onClose: () => void }) {
  const { t, locale } = useI18n();
  const user = useWorkspaceUser();
  const [form] = Form.useForm<RequestValues>();
  const request = useRequestCertificate();
  const [stage, setStage] = useState<Stage | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [downloaded, setDownloaded] = useState({ key: false, certificate: false });
  const passphrase = Form.useWatch('passphrase', form) ?? '';

  // Leaving before the key file is saved loses the key for good: ask the browser to warn.
  const keyAtRisk = issued !== null && !downloaded.key;
  useEffect(() => {
    if (!keyAtRisk) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [keyAtRisk]);

  const start = async (values: RequestValues) => {
    setFailure(null);
    try {
      setStage('key');
      const [{ generateKeyPair, toPrivateKeyInfo }, { createCsrPem }, { encryptPrivateKeyInfoPem }] = await Promise.all([
        import('../../crypto/keys'),
        import('../../crypto/csr'),
        import('../../crypto/pkcs8'),
      ]);
      const key = await generateKeyPair(values.algorithm);
      setStage('csr');
      const csr = await createCsrPem(key, user.displayName);
      setStage('encrypt');
      const privateKeyInfo = await toPrivateKeyInfo(key);
      const keyPem = await encryptPrivateKeyInfoPem(privateKeyInfo, values.passphrase);
      privateKeyInfo.fill(0);
      setStage('submit');
      const certificate = await request.mutateAsync(csr);
      const base = `ggzy-${user.username}-${values.algorithm === 'SM2' ? 'sm2' : 'p256'}-${certificate.serial.slice(0, 8)}`;
      setIssued({ certificate, keyPem, keyFileName: `${base}.key.p8`, certificateFileName: `${base}.cert.pem` });
      form.resetFields(['passphrase', 'confirm']);
    } catch (error) {
      setFailure(error);
    } finally {
      setStage(null);
    }
  };

  if (issued !== null) {
    const saveKey = () => {
      downloadText(issued.keyFileName, issued.keyPem);
      setDownloaded((state) => ({ ...state, key: true }));
    };
    const saveCertificate = () => {
      downloadText(issued.certificateFileName, issued.certificate.certificatePem);
      setDownloaded((state) => ({ ...state, certificate: true }));
    };
    const finish = (
      <Button
        type={downloaded.key ? 'primary' : 'default'}
        data-testid="cert-request-finish"
        onClick={downloaded.key ? onClose : undefined}
      >
        {t('cert.request.finish')}
      </Button>
    );
    return (
      <div className="cert-request" data-testid="cert-request-issued">
        <Result
          status="success"
          title={t('cert.request.issued.title')}
          subTitle={t('cert.request.issued.subtitle', {
            subject: issued.certificate.subject,
            notAfter: formatDate(issued.certificate.notAfter, locale),
          })}
        />
        <Alert type="warning" showIcon title={t('cert.request.issued.warning')} className="cert-request__warning" />
        <div className="cert-downloads">
          <div className="cert-download">
            <div className="cert-download__text">
              <KeyOutlined /> <strong>{t('cert.request.download.key')}</strong>
              <div className="muted small">{t('cert.request.download.key.hint')}</div>
              <code className="small break-all">{issued.keyFileName}</code>
            </div>
            <Button
              type="primary"
              icon={downloaded.key ? <CheckCircleFilled /> : <DownloadOutlined />}
              onClick={saveKey}
              data-testid="cert-download-key"
            >
              {downloaded.key ? t('cert.request.downloadAgain') : t('cert.request.download')}
            </Button>
          </div>
          <div className="cert-download">
            <div className="cert-download__text">
              <SafetyCertificateOutlined /> <strong>{t('cert.request.download.certificate')}</strong>
              <div className="muted small">{t('cert.request.download.certificate.hint')}</div>
              <code className="small break-all">{issued.certificateFileName}</code>
            </div>
            <Button
              icon={downloaded.certificate ? <CheckCircleFilled /> : <DownloadOutlined />}
              onClick={saveCertificate}
              data-testid="cert-download-certificate"
            >
              {downloaded.certificate ? t('cert.request.downloadAgain') : t('cert.request.download')}
            </Button>
          </div>
        </div>
        <div className="cert-request__actions">
          {downloaded.key ? (
            finish
          ) : (
            <Popconfirm
              title={t('cert.request.leaveWithoutKey')}
              okText={t('cert.request.leaveAnyway')}
              cancelText={t('common.cancel')}
              onConfirm={onClose}
            >
              {finish}
            </Popconfirm>
          )}
        </div>
      </div>
    );
  }

  const working = stage !== null;
  return (
    <div className="cert-request" data-testid="cert-request">
      <Alert type="info" showIcon title={t('cert.request.intro')} className="cert-request__intro" />
      {failure === null ? null : (
        <Alert
          type="error"
          showIcon
          title={certificateErrorText(failure, t)}
          className="cert-request__error"
          data-testid="cert-request-error"
        />
      )}
      <Form<RequestValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ algorithm: 'SM2', passphrase: '', confirm: '' }}
        disabled={working}
        onFinish={(values) => void start(values)}
      >
        <Form.Item name="algorithm" label={t('cert.request.algorithm')}>
          <Radio.Group className="algorithm-options">
            <Radio value="SM2">
              <span data-testid="cert-algorithm-SM2">
                <strong>{t('cert.algorithm.sm2')}</strong>
                <span className="muted small"> · {t('cert.algorithm.sm2.hint')}</span>
              </span>
            </Radio>
            <Radio value="P-256">
              <span data-testid="cert-algorithm-P-256">
                <strong>ECDSA P-256</strong>
                <span className="muted small"> · {t('cert.algorithm.p256.hint')}</span>
              </span>
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="passphrase"
          label={t('cert.request.passphrase')}
          extra={
            <>
              <div className="muted small">{t('cert.request.passphrase.hint')}</div>
              <PasswordChecklist password={passphrase} />
            </>
          }
          rules={[
            { required: true, message: t('cert.request.passphrase.required') },
            {
              validator: async (_, value: string | undefined) => {
                if (value && !passwordReport(value).ok) throw new Error(t('cert.request.passphrase.weak'));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="cert-passphrase" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('cert.request.confirm')}
          dependencies={['passphrase']}
          rules={[
            { required: true, message: t('cert.request.confirm.required') },
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value !== getFieldValue('passphrase')) throw new Error(t('cert.request.confirm.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="cert-passphrase-confirm" />
        </Form.Item>
        {working ? (
          <Steps
            className="cert-request__progress"
            size="small"
            orientation="vertical"
            current={stages.indexOf(stage)}
            items={stages.map((key) => ({ key, title: t(`cert.request.stage.${key}`) }))}
            data-testid="cert-request-progress"
          />
        ) : null}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={working} icon={<KeyOutlined />} data-testid="cert-request-submit">
            {t('cert.request.submit')}
          </Button>
          <Button onClick={onClose} disabled={working}>
            {t('common.cancel')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}
