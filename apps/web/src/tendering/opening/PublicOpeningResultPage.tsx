import '../tendering.css';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Result, Skeleton } from 'antd';
import { api, ApiError } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../../i18n';
import { SiteFooter } from '../../layout/SiteFooter';
import { SiteHeader } from '../../layout/SiteHeader';
import type { SignedOpeningRecord } from './api';
import { RecordCard } from './RecordCard';
import { useOpeningText } from './text';

interface PublicOpeningResult {
  tenderId: string;
  sectionCode: string;
  sectionName: string;
  status: 'failed' | 'closed';
  failureReason: string | null;
  closedAt: string | null;
  signedRecord: SignedOpeningRecord | null;
}

/**
 * `/tenders/:id/sections/:sectionCode/opening` — the published result of a public opening (公开开标):
 * the opening record as the platform signed it at the close (the signature is checked in the page),
 * or the failure (流标) with its reason. Nothing is shown while the opening runs.
 */
export function PublicOpeningResultPage() {
  const { id = '', sectionCode = '' } = useParams();
  const tx = useOpeningText();
  const { locale } = useI18n();
  const result = useQuery({
    queryKey: ['tendering', 'opening-result', id, sectionCode],
    queryFn: async ({ signal }) => (await api.get('/api/tenders/{id}/sections/{sectionCode}/opening/result', { params: { id, sectionCode }, signal })) as unknown as PublicOpeningResult,
    retry: false,
  });
  const notPublished = result.error instanceof ApiError && result.error.status === 404;
  const data = result.data;
  return (
    <div className="page">
      <SiteHeader />
      <main className="page__main tender-public" data-testid="opening-result-page">
        <p>
          <Link to={`/tenders/${id}`}>{tx('public.backToTender')}</Link>
        </p>
        {result.isPending ? <Skeleton active /> : null}
        {notPublished ? <Result status="info" title={tx('public.notPublished')} /> : result.isError ? <ApiErrorAlert error={result.error} onRetry={() => void result.refetch()} /> : null}
        {data ? (
          <Card title={<h1 className="card-title-heading">{tx('public.title', { section: data.sectionName })}</h1>}>
            {data.closedAt ? <p className="muted">{tx('public.closedAt', { at: formatDateTime(data.closedAt, locale) })}</p> : null}
            {data.status === 'failed' ? (
              <Alert type="warning" showIcon data-testid="opening-result-failed" title={tx('hall.failed', { reason: data.failureReason ?? '' })} />
            ) : data.signedRecord ? (
              <RecordCard record={data.signedRecord.record} signed={data.signedRecord} />
            ) : null}
          </Card>
        ) : null}
      </main>
      <SiteFooter />
    </div>
  );
}
