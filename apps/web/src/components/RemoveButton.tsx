import { DeleteOutlined } from '@ant-design/icons';
import { Button, Popconfirm } from 'antd';
import { useI18n } from '../i18n';

/** A small danger button that asks before it removes something. */
export function RemoveButton({ confirm, onConfirm }: { confirm: string; onConfirm: () => void }) {
  const { t } = useI18n();
  return (
    <Popconfirm title={confirm} okText={t('common.remove')} cancelText={t('common.cancel')} onConfirm={onConfirm}>
      <Button size="small" danger icon={<DeleteOutlined />}>
        {t('common.remove')}
      </Button>
    </Popconfirm>
  );
}
