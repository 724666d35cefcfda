import { isRouteErrorResponse, useRouteError } from 'react-router';
import { Button, Result } from 'antd';
import { useI18n } from '../i18n';
import { NotFoundPage } from './NotFoundPage';

/** Last-resort boundary: a failed lazy chunk (e.g. after a deploy) or a render error. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useI18n();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <div className="centred-page" data-testid="route-error">
      <Result
        status="error"
        title={t('error.unknown')}
        subTitle={error instanceof Error ? error.message : undefined}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('common.retry')}
          </Button>
        }
      />
    </div>
  );
}
