import { Button, Form, Input } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { FileField } from '../../components/FileField';
import { useOpeningText } from './text';

export interface KeyValues {
  keyFile: File | null;
  passphrase: string;
}

/** A key file and its passphrase, opened in the page only (decrypting a data key or a custodian share). */
export function KeyForm({ testIdPrefix, submitText, pending, onSubmit }: { testIdPrefix: string; submitText: string; pending: boolean; onSubmit: (keyFile: File, passphrase: string) => void }) {
  const tx = useOpeningText();
  return (
    <Form<KeyValues>
      layout="vertical"
      requiredMark={false}
      disabled={pending}
      initialValues={{ keyFile: null, passphrase: '' }}
      onFinish={(values) => values.keyFile && onSubmit(values.keyFile, values.passphrase)}
    >
      <Form.Item name="keyFile" label={tx('key.file')} rules={[{ required: true, message: tx('required') }]}>
        <FileField testId={`${testIdPrefix}-key`} accept=".p8,.pem,.key,.pk8" buttonText={tx('key.choose')} />
      </Form.Item>
      <Form.Item name="passphrase" label={tx('key.passphrase')} rules={[{ required: true, message: tx('required') }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="off" data-testid={`${testIdPrefix}-passphrase`} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={pending} data-testid={`${testIdPrefix}-submit`}>
        {submitText}
      </Button>
    </Form>
  );
}
