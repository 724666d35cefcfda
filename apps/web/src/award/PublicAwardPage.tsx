import { Link, useParams } from 'react-router';
import { Alert, Card, Descriptions, Spin, Tag } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../i18n';
import { SiteFooter } from '../layout/SiteFooter';
import { SiteHeader } from '../layout/SiteHeader';
import { workspacePaths } from '../workspace/paths';
import { useAwardResult, usePublicity } from './api';
import { CandidatesTable } from './parts';
import { useAwardText } from './text';

/**
 * `/tenders/:id/sections/:sectionCode/award` — public, linked from the trading hall: the
 * candidate publicity (中标候选人公示) with its period, and the result announcement once the
 * notice is issued (or the failure of the section).
 */
export function PublicAwardPage() {
  const tx = useAwardText();
  const { locale } = useI18n();
  const { id = '', sectionCode = '' } = useParams();
  const publicity = usePublicity(id, sectionCode);
  const result = useAwardResult(id, sectionCode);
  const p = publicity.data;
  const r = result.data;
  return (
    <div className="page">
      <SiteHeader />
      <main className="page__main" style={{ maxWidth: 1100, margin: '0 auto', padding: 16, display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="public-award-page">
        {r ? (
          <Card title={<h1 className="card-title-heading">{r.title}</h1>} data-testid="public-result">
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={tx('public.tenderer')}>{r.tenderTitle}</Descriptions.Item>
              <Descriptions.Item label={tx('candidates.name')}>
                {r.sectionName} <code>{r.sectionCode}</code>
              </Descriptions.Item>
              {r.winner ? (
                <Descriptions.Item label={tx('public.winner')}>
                  <span data-testid="public-winner">{r.winner.bidderName}</span>（{r.winner.price} 元）
                </Descriptions.Item>
              ) : null}
              {r.announcedAt ? <Descriptions.Item label={tx('public.result')}>{formatDateTime(r.announcedAt, locale)}</Descriptions.Item> : null}
            </Descriptions>
            {r.failureReason ? <Alert type="error" message={tx('public.failed', { reason: r.failureReason })} /> : null}
          </Card>
        ) : null}
        <Card title={<h1 className="card-title-heading">{p ? `${p.tenderTitle}（${p.sectionName}）${tx('public.publicity')}` : tx('public.publicity')}</h1>} data-testid="public-publicity">
          {publicity.isPending || result.isPending ? <Spin /> : null}
          {publicity.isError ? <ApiErrorAlert error={publicity.error} /> : null}
          {!publicity.isPending && !p ? <p className="muted">{tx('public.notYet')}</p> : null}
          {p ? (
            <>
              <p>
                {tx('public.tenderer')}：{p.tenderer}
              </p>
              <p>
                {tx('publicity.period', { start: formatDateTime(p.startsAt, locale), end: formatDateTime(p.endsAt, locale) })}{' '}
                <Tag data-testid="public-publicity-state">{p.suspended ? tx('publicity.suspended') : p.running ? tx('publicity.running') : tx('publicity.ended')}</Tag>
              </p>
              <CandidatesTable candidates={p.candidates} />
              {p.running ? (
                <p className="muted" style={{ marginTop: 12 }}>
                  {tx('public.objectHint')} <Link to={`${workspacePaths.awards}/${id}/${sectionCode}`}>{tx('objections.raise')}</Link>
                </p>
              ) : null}
            </>
          ) : null}
        </Card>
      </main>
      <SiteFooter />
    </div>
  );
}
