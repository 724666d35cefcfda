import { Segmented } from 'antd';
import type { Locale } from '../api/types';
import { isLocale, translate, useI18n } from '../i18n';

const options: { value: Locale; label: string }[] = [
  // Each language names itself, so a reader of either can find their own.
  { value: 'zh-CN', label: translate('zh-CN', 'locale.zh-CN') },
  { value: 'en', label: translate('en', 'locale.en') },
];

export function LocaleSwitch({ size = 'middle' }: { size?: 'small' | 'middle' | 'large' }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      data-testid="locale-switch"
      aria-label={t('locale.label')}
      size={size}
      value={locale}
      options={options}
      onChange={(value) => {
        if (isLocale(value)) setLocale(value);
      }}
    />
  );
}
