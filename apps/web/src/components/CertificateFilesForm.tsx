import { useState } from 'react';
import { Button, Form, Input } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import type { ChallengeSigner } from '../api/queries';
import { readFileBytes } from '../crypto/download';
import { useI18n } from '../i18n';
import { FileField } from './FileField';

interface FilesValues {
  keyFile: File | null;
  certificateFile: File | null;
  passphrase: string;
}

/**
 * The user's key file, its passphrase and the certificate, opened in the page (the key is
 * decrypted and checked against the certificate before the server is asked for anything) into a
 * signer for the server's challenge: certificate sign-in, binding. The key never leaves the
 * browser; the crypto code loads only when the form is submitted.
 */
export function CertificateFilesForm({
  testIdPrefix,
  submitText,
  pending,
  onSigner,
  onError,
  onEdit,
}: {
  testIdPrefix: string;
  submitText: string;
  pending: boolean;
  onSigner: (signer: ChallengeSigner) => void;
  /** The files could not be opened (wrong passphrase, not a key, key and certificate do not match…). */
  onError: (error: unknown) => void;
  onEdit?: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<FilesValues>();
  const [opening, setOpening] = useState(false);

  const submit = async (values: FilesValues) => {
    const { keyFile, certificateFile, passphrase } = values;
    if (keyFile === null || certificateFile === null) return;
    setOpening(true);
    try {
      const { openCertificateSigner, signChallenge } = await import('../crypto/signer');
      const opened = await openCertificateSigner({
        keyFile: await readFileBytes(keyFile),
        certificateFile: await readFileBytes(certificateFile),
        passphrase,
      });
      onSigner(async (challenge) => ({
        certificate: opened.certificate.pem,
        ...(opened.chain.length > 0 ? { chain: opened.chain } : {}),
        ...(await signChallenge(opened, challenge)),
      }));
    } catch (error) {
      onError(error);
    } finally {
      setOpening(false);
    }
  };

  return (
    <Form<FilesValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      disabled={pending || opening}
      onFinish={(values) => void submit(values)}
      onValuesChange={onEdit}
      initialValues={{ keyFile: null, certificateFile: null, passphrase: '' }}
      data-testid={`${testIdPrefix}-form`}
    >
      <Form.Item
        name="keyFile"
        label={t('cert.files.key')}
        extra={t('cert.files.key.hint')}
        rules={[{ required: true, message: t('cert.files.key.required') }]}
      >
        <FileField testId={`${testIdPrefix}-key`} accept=".p8,.pem,.key,.pk8" buttonText={t('cert.files.choose')} />
      </Form.Item>
      <Form.Item
        name="certificateFile"
        label={t('cert.files.certificate')}
        extra={t('cert.files.certificate.hint')}
        rules={[{ required: true, message: t('cert.files.certificate.required') }]}
      >
        <FileField testId={`${testIdPrefix}-certificate`} accept=".pem,.crt,.cer,.der" buttonText={t('cert.files.choose')} />
      </Form.Item>
      <Form.Item
        name="passphrase"
        label={t('cert.files.passphrase')}
        rules={[{ required: true, message: t('cert.files.passphrase.required') }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="off" data-testid={`${testIdPrefix}-passphrase`} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={pending || opening} data-testid={`${testIdPrefix}-submit`}>
        {submitText}
      </Button>
    </Form>
  );
}
