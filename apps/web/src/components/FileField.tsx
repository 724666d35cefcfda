import { useRef } from 'react';
import { Button } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';

/**
 * A file picker for antd forms (`value`/`onChange` come from Form.Item): a button that opens the
 * browser's file dialog and the chosen file's name. The file is read in the page only.
 */
export function FileField({
  value,
  onChange,
  accept,
  buttonText,
  testId,
}: {
  value?: File | null;
  onChange?: (file: File | null) => void;
  accept?: string;
  buttonText: string;
  testId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="file-field">
      <input
        ref={input}
        type="file"
        accept={accept}
        className="file-field__input"
        hidden
        data-testid={testId}
        onChange={(event) => {
          onChange?.(event.target.files?.[0] ?? null);
          // Picking the same file again should fire change again.
          event.target.value = '';
        }}
      />
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
        {buttonText}
      </Button>
      {value ? (
        <span className="file-field__name" data-testid={`${testId}-name`}>
          <PaperClipOutlined /> {value.name}
        </span>
      ) : null}
    </div>
  );
}
