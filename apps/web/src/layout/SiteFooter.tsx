import { useI18n } from '../i18n';

/** The year the page was loaded; a footer need not tick over at midnight on 31 December. */
const copyrightYear = new Date().getFullYear();

export function SiteFooter() {
  const { t } = useI18n();
  return (
    <footer className="site-footer" data-testid="site-footer">
      <div>
        <span className="site-footer__part">{t('app.footer', { year: copyrightYear })}</span>
        <span className="site-footer__part">{t('app.footer.project')}</span>
      </div>
      <div className="muted small">{t('app.footer.time')}</div>
    </footer>
  );
}
