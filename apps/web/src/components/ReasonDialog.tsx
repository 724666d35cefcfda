import { Form, Input, Modal } from 'antd';
import { ApiErrorAlert } from './ApiErrorAlert';

export interface ReasonDialogTexts {
  title: string;
  ok: string;
  cancel: string;
  label: string;
  required: string;
}

/**
 * A confirm dialog that asks for a written reason (return, reject…): the reason is required and
 * not blank; the dialog stays open with the server's error until the command succeeds.
 */
export function ReasonDialog(props: {
  open: boolean;
  subject: string | undefined;
  texts: ReasonDialogTexts;
  testIds: { confirm: string; input: string };
  pending: boolean;
  error: unknown;
  onSubmit: (reason: string, done: () => void) => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const done = () => {
    form.resetFields();
    props.onClose();
  };
  return (
    <Modal
      open={props.open}
      title={props.texts.title}
      onCancel={props.onClose}
      okText={props.texts.ok}
      cancelText={props.texts.cancel}
      okButtonProps={{ danger: true, loading: props.pending, 'data-testid': props.testIds.confirm }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <p>{props.subject}</p>
      <Form form={form} layout="vertical" onFinish={({ reason }) => props.onSubmit(reason, done)}>
        <Form.Item name="reason" label={props.texts.label} rules={[{ required: true, whitespace: true, message: props.texts.required }]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid={props.testIds.input} />
        </Form.Item>
      </Form>
      {props.error ? <ApiErrorAlert error={props.error} /> : null}
    </Modal>
  );
}
