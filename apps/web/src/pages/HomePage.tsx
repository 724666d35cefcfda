import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { Button, Card, Col, Empty, Input, Row, Select, Skeleton, Tabs, Tag } from 'antd';
import {
  AuditOutlined,
  EnvironmentOutlined,
  ClockCircleOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { provinceCode, useAnnouncements, useRegions } from '../api/queries';
import { tradeCategories, type Announcement, type TradeCategory } from '../api/types';
import { ApiErrorAlert, errorText } from '../components/ApiErrorAlert';
import { categoryColours } from '../domain/categories';
import { formatDateTime, useI18n, type MessageKey } from '../i18n';
import { SiteFooter } from '../layout/SiteFooter';
import { SiteHeader } from '../layout/SiteHeader';
import { useIsPhone } from '../layout/useIsPhone';

type CategoryTab = 'all' | TradeCategory;

const announcementLimit = 20;

/** `/` — the public trading hall (网上交易大厅). */
export function HomePage() {
  const { t } = useI18n();
  const [keyword, setKeyword] = useState('');
  useScrollToHash();

  return (
    <div className="page">
      <SiteHeader />
      <main className="page__main">
        <section className="hero" aria-labelledby="home-title">
          <div className="hero__inner">
            <p className="hero__eyebrow">{t('home.hero.title')}</p>
            <h1 className="hero__title" id="home-title" data-testid="home-title">
              {t('app.name')}
            </h1>
            <p className="hero__subtitle">{t('home.hero.subtitle')}</p>
            <Input.Search
              className="hero__search"
              size="large"
              allowClear
              enterButton={t('home.search.button')}
              placeholder={t('home.search.placeholder')}
              aria-label={t('home.search.placeholder')}
              data-testid="home-search"
              value={keyword}
              onChange={(event) => setKeyword(event.target.value)}
              onSearch={(value) => {
                setKeyword(value);
                document.getElementById('announcements')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
              }}
            />
          </div>
        </section>

        <AnnouncementsSection keyword={keyword.trim()} onClearKeyword={() => setKeyword('')} />
        <FeaturesSection />
      </main>
      <SiteFooter />
    </div>
  );
}

function AnnouncementsSection({ keyword, onClearKeyword }: { keyword: string; onClearKeyword: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [category, setCategory] = useState<CategoryTab>('all');
  const [regionCode, setRegionCode] = useState<string>('');
  const announcements = useAnnouncements({
    category: category === 'all' ? undefined : category,
    regionCode: regionCode === '' ? undefined : regionCode,
    limit: announcementLimit,
  });

  const visible = useMemo(() => {
    const items = announcements.data?.items ?? [];
    if (keyword === '') return items;
    const needle = keyword.toLocaleLowerCase();
    return items.filter((item) => item.title.toLocaleLowerCase().includes(needle));
  }, [announcements.data, keyword]);

  const tabs = [
    { key: 'all', label: t('category.all') },
    ...tradeCategories.map((code) => ({ key: code, label: t(`category.${code}`) })),
  ];
  const regionSelect = <RegionSelect value={regionCode} onChange={setRegionCode} block={isPhone} />;

  return (
    <section id="announcements" className="section" aria-labelledby="announcements-title">
      <Card
        className="section__card"
        title={
          <span id="announcements-title" data-testid="announcements-title">
            {t('home.announcements.title')}
          </span>
        }
        extra={
          announcements.data === undefined ? null : (
            <span className="muted small" data-testid="announcement-total">
              {t('home.announcements.count', { total: announcements.data.total })}
            </span>
          )
        }
      >
        {isPhone ? <div className="section__filters">{regionSelect}</div> : null}
        <Tabs
          data-testid="category-tabs"
          activeKey={category}
          items={tabs}
          onChange={(key) => setCategory(isCategoryTab(key) ? key : 'all')}
          tabBarExtraContent={isPhone ? undefined : regionSelect}
        />
        <AnnouncementBody
          state={announcements}
          items={visible}
          keyword={keyword}
          onClearKeyword={onClearKeyword}
        />
      </Card>
    </section>
  );
}

function isCategoryTab(key: string): key is CategoryTab {
  return key === 'all' || (tradeCategories as readonly string[]).includes(key);
}

function RegionSelect({ value, onChange, block }: { value: string; onChange: (code: string) => void; block: boolean }) {
  const { t } = useI18n();
  const regions = useRegions(provinceCode);
  const options = [
    { value: '', label: t('home.region.all') },
    ...(regions.data?.items ?? []).map((region) => ({ value: region.code, label: region.name })),
  ];
  return (
    <div className="region-select" data-testid="region-select-wrapper">
      <Select
        data-testid="region-select"
        aria-label={t('home.region.label')}
        prefix={<EnvironmentOutlined />}
        value={value}
        options={options}
        loading={regions.isPending}
        onChange={onChange}
        status={regions.isError ? 'error' : undefined}
        title={regions.isError ? t('home.regions.error', { message: errorText(regions.error, t) }) : undefined}
        style={{ width: block ? '100%' : 200 }}
        popupMatchSelectWidth={false}
      />
    </div>
  );
}

function AnnouncementBody({
  state,
  items,
  keyword,
  onClearKeyword,
}: {
  state: ReturnType<typeof useAnnouncements>;
  items: Announcement[];
  keyword: string;
  onClearKeyword: () => void;
}) {
  const { t } = useI18n();
  if (state.isPending) {
    return (
      <div data-testid="announcement-loading" aria-busy="true">
        <Skeleton active paragraph={{ rows: 1 }} />
        <Skeleton active paragraph={{ rows: 1 }} />
        <Skeleton active paragraph={{ rows: 1 }} />
      </div>
    );
  }
  if (state.isError) {
    return (
      <ApiErrorAlert
        testId="announcement-error"
        title={t('home.announcements.error')}
        error={state.error}
        onRetry={() => void state.refetch()}
      />
    );
  }
  if (items.length === 0 && keyword !== '' && (state.data?.items.length ?? 0) > 0) {
    return (
      <Empty
        data-testid="announcement-no-match"
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('home.announcements.noMatch', { keyword })}
      >
        <Button onClick={onClearKeyword}>{t('home.announcements.clearSearch')}</Button>
      </Empty>
    );
  }
  if (items.length === 0) {
    return (
      <div data-testid="announcement-empty">
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <div className="empty__title">{t('home.announcements.empty')}</div>
              <div className="muted small">{t('home.announcements.emptyHint')}</div>
            </>
          }
        />
      </div>
    );
  }
  return (
    <ul className="announcement-list" data-testid="announcement-list" aria-busy={state.isFetching}>
      {items.map((item) => (
        <AnnouncementRow key={item.id} item={item} />
      ))}
    </ul>
  );
}

function AnnouncementRow({ item }: { item: Announcement }) {
  const { t, locale } = useI18n();
  const categoryKey: MessageKey | undefined = (tradeCategories as readonly string[]).includes(item.category)
    ? `category.${item.category}`
    : undefined;
  return (
    <li className="announcement" data-testid="announcement-item">
      <a className="announcement__title" href={item.url} title={item.title}>
        {item.title}
      </a>
      <div className="announcement__meta">
        <Tag color={categoryColours[item.category] ?? 'default'}>{categoryKey === undefined ? item.category : t(categoryKey)}</Tag>
        <span>
          <EnvironmentOutlined /> {item.regionName ?? item.regionCode}
        </span>
        <span title={t('home.announcements.published')}>
          <ClockCircleOutlined /> <time dateTime={item.publishedAt}>{formatDateTime(item.publishedAt, locale)}</time>
        </span>
      </div>
    </li>
  );
}

const features: { key: 'remoteOpening' | 'sealedBid' | 'eGuarantee' | 'openData'; icon: ReactNode }[] = [
  { key: 'remoteOpening', icon: <VideoCameraOutlined /> },
  { key: 'sealedBid', icon: <LockOutlined /> },
  { key: 'eGuarantee', icon: <SafetyCertificateOutlined /> },
  { key: 'openData', icon: <AuditOutlined /> },
];

function FeaturesSection() {
  const { t } = useI18n();
  return (
    <section id="services" className="section" aria-labelledby="services-title">
      <h2 className="section__title" id="services-title">
        {t('home.features.title')}
      </h2>
      <Row gutter={[16, 16]}>
        {features.map((feature) => (
          <Col key={feature.key} xs={24} sm={12} lg={6}>
            <Card className="feature" data-testid={`feature-${feature.key}`}>
              <div className="feature__icon" aria-hidden="true">
                {feature.icon}
              </div>
              <div>
                <h3 className="feature__title">{t(`home.features.${feature.key}.title`)}</h3>
                <p className="feature__body">{t(`home.features.${feature.key}.body`)}</p>
              </div>
            </Card>
          </Col>
        ))}
      </Row>
    </section>
  );
}

/** Router links such as `/#announcements` change only the hash; bring that section into view. */
function useScrollToHash() {
  const { hash } = useLocation();
  useEffect(() => {
    if (hash === '') return;
    document.getElementById(hash.slice(1))?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [hash]);
}
