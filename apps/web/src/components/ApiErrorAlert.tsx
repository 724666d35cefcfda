import { Alert, Button } from 'antd';
import { ApiError, NetworkError } from '../api/client';
import { useI18n } from '../i18n';
import type { I18nContextValue } from '../i18n';

/** The text to show for a failed request: the server's localised message when there is one. */
export function errorText(error: unknown, t: I18nContextValue['t']): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof NetworkError) return t('error.network');
  return t('error.unknown');
}

export function ApiErrorAlert({
  error,
  title,
  onRetry,
  testId,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const message = errorText(error, t);
  const requestId = error instanceof ApiError ? error.requestId : null;
  const description =
    title === undefined && requestId === null ? undefined : (
      <>
        {title === undefined ? null : <div data-testid={testId === undefined ? undefined : `${testId}-message`}>{message}</div>}
        {requestId === null ? null : <div className="muted small">{t('error.requestId', { requestId })}</div>}
      </>
    );
  return (
    <div data-testid={testId} role="alert">
      <Alert
        type="error"
        showIcon
        title={title ?? message}
        description={description}
        action={
          onRetry === undefined ? undefined : (
            <Button size="small" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          )
        }
      />
    </div>
  );
}
