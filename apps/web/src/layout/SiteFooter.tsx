import { useI18n } from '../i18n';

export function SiteFooter() {
  const { t } = useI18n();
  return (
    <footer className="site-footer" data-testid="site-footer">
      <div>{t('app.footer', { year: new Date().getFullYear() })}</div>
      <div className="muted small">{t('app.footer.time')}</div>
    </footer>
  );
}
