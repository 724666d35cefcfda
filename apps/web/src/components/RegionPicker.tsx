import { Select } from 'antd';
import { useRegions, useTopRegions } from '../api/queries';
import { useI18n } from '../i18n';

const options = (items: Array<{ code: string; name: string }> | undefined) =>
  (items ?? []).map((item) => ({ value: item.code, label: item.name }));

/**
 * Province → prefecture → county (GB/T 2260) as three selects. The value is the code of the
 * deepest level chosen; the higher levels follow from the code itself (520115 → 520100 → 520000).
 */
export function RegionPicker({
  value,
  onChange,
  testId = 'region',
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const code = value ?? '';
  const province = /^\d{6}$/.test(code) ? `${code.slice(0, 2)}0000` : undefined;
  const prefecture = province !== undefined && code.slice(2, 4) !== '00' ? `${code.slice(0, 4)}00` : undefined;
  const county = prefecture !== undefined && code.slice(4) !== '00' ? code : undefined;

  const provinces = useTopRegions();
  const prefectures = useRegions(province ?? null);
  const counties = useRegions(prefecture ?? null);

  return (
    <div className="region-picker">
      <Select
        data-testid={`${testId}-province`}
        aria-label={t('region.province')}
        placeholder={t('region.province')}
        value={province}
        loading={provinces.isPending}
        options={options(provinces.data?.items)}
        onChange={(next: string) => onChange?.(next)}
      />
      <Select
        data-testid={`${testId}-prefecture`}
        aria-label={t('region.prefecture')}
        placeholder={t('region.prefecture')}
        value={prefecture}
        disabled={province === undefined}
        allowClear
        loading={prefectures.isFetching}
        options={options(prefectures.data?.items)}
        onChange={(next: string | undefined) => onChange?.(next ?? province)}
      />
      <Select
        data-testid={`${testId}-county`}
        aria-label={t('region.county')}
        placeholder={t('region.county')}
        value={county}
        disabled={prefecture === undefined || (counties.data !== undefined && counties.data.items.length === 0)}
        allowClear
        loading={counties.isFetching}
        options={options(counties.data?.items)}
        onChange={(next: string | undefined) => onChange?.(next ?? prefecture)}
      />
    </div>
  );
}
