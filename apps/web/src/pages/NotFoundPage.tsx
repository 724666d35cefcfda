import { useNavigate } from 'react-router';
import { Button, Result } from 'antd';
import { useI18n } from '../i18n';
import { SiteFooter } from '../layout/SiteFooter';
import { SiteHeader } from '../layout/SiteHeader';

/** Unknown paths. Inside the workspace it renders without the public header. */
export function NotFoundPage({ bare = false }: { bare?: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const result = (
    <Result
      status="404"
      title={<span data-testid="not-found">{t('notFound.title')}</span>}
      subTitle={t('notFound.subtitle')}
      extra={
        <Button type="primary" onClick={() => navigate(bare ? '/workspace' : '/')}>
          {bare ? t('nav.item.dashboard') : t('notFound.backHome')}
        </Button>
      }
    />
  );
  if (bare) return result;
  return (
    <div className="page">
      <SiteHeader />
      <main className="page__main">{result}</main>
      <SiteFooter />
    </div>
  );
}
