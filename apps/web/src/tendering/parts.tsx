import { Link } from 'react-router';
import { Descriptions, Empty, Steps, Table, Tag, Timeline } from 'antd';
import { formatDateTime, useI18n } from '../i18n';
import { useIsPhone } from '../layout/useIsPhone';
import { CodeText, formatAmount } from '../project/parts';
import { useRegionName } from '../workspace/useRegionName';
import { type Clarification, type ProcedureType, type Tender } from './api';
import { type TenderingTextKey, useTenderingText } from './text';

/** The server's status, plus what a person calls two of its moments. */
type ShownStatus = Tender['status'] | 'returned' | 'closed';

const statusColour: Record<ShownStatus, string> = {
  draft: 'default',
  returned: 'red',
  pendingReview: 'gold',
  published: 'green',
  suspended: 'orange',
  cancelled: 'default',
  closed: 'blue',
  opening: 'purple',
  evaluating: 'cyan',
  failed: 'red',
};

/** What a person calls the state: a draft with a review reason was returned; past the deadline, bidding is closed. */
export function shownStatus(tender: Tender, now: number): ShownStatus {
  if (tender.status === 'draft' && tender.reviewReason) return 'returned';
  if (tender.status === 'published' && Date.parse(tender.bidDeadline) <= now) return 'closed';
  return tender.status;
}

export function TenderStatusTag({ tender, now }: { tender: Tender; now: number }) {
  const text = useTenderingText();
  const status = shownStatus(tender, now);
  return (
    <Tag color={statusColour[status]} data-testid="tender-status" data-status={status}>
      {text(`status.${status}`)}
    </Tag>
  );
}

export function useProcedureName() {
  const text = useTenderingText();
  return (type: ProcedureType) => text(`procedure.${type}` as TenderingTextKey);
}

export function Countdown({ deadline, now }: { deadline: string; now: number }) {
  const text = useTenderingText();
  const left = Math.max(0, Date.parse(deadline) - now);
  if (left === 0) return <span data-testid="tender-countdown">{text('tender.closed')}</span>;
  const s = Math.floor(left / 1000);
  const d = Math.floor(s / 86_400);
  const params = { d, h: Math.floor((s % 86_400) / 3600), m: Math.floor((s % 3600) / 60), s: s % 60 };
  return (
    <span data-testid="tender-countdown" className="tender-countdown__value">
      {text(d > 0 ? 'countdown.days' : 'countdown.hours', params)}
    </span>
  );
}

/** The facts of a tender every page shows. */
export function TenderFacts({ tender }: { tender: Tender }) {
  const text = useTenderingText();
  const { locale } = useI18n();
  const procedureName = useProcedureName();
  const regionName = useRegionName(tender.regionCode);
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
      items={[
        { key: 'procedure', label: text('tender.procedure'), children: procedureName(tender.procedureType) },
        { key: 'region', label: text('tender.region'), children: regionName ?? tender.regionCode },
        { key: 'owner', label: text('tender.owner'), children: tender.ownerName },
        { key: 'deadline', label: text('tender.deadline'), children: <span data-testid="tender-deadline">{formatDateTime(tender.bidDeadline, locale)}</span> },
        ...(tender.publishedAt ? [{ key: 'published', label: text('tender.published'), children: formatDateTime(tender.publishedAt, locale) }] : []),
      ]}
    />
  );
}

/** Draft → submitted → published → deadline → opening, with the dates reached and the deadline moves. */
export function TenderTimeline({ tender, clarifications, now }: { tender: Tender; clarifications: readonly Clarification[]; now: number }) {
  const text = useTenderingText();
  const { locale } = useI18n();
  const phone = useIsPhone();
  const status = shownStatus(tender, now);
  const published = tender.publishedAt !== null;
  const closed = published && Date.parse(tender.bidDeadline) <= now;
  const moves = clarifications.filter((c) => c.deadlineAfter !== c.deadlineBefore);
  const at = (iso: string | null) => (iso ? formatDateTime(iso, locale) : undefined);
  const steps: Array<{ key: string; title: string; status: 'finish' | 'process' | 'wait' | 'error'; description?: string | undefined }> = [
    { key: 'draft', title: text('timeline.draft'), status: 'finish' },
    status === 'returned'
      ? { key: 'submitted', title: text('timeline.returned'), status: 'error', description: tender.reviewReason ?? undefined }
      : { key: 'submitted', title: text('timeline.submitted'), status: status === 'pendingReview' ? 'process' : published ? 'finish' : 'wait' },
    { key: 'published', title: text('timeline.published'), status: published ? 'finish' : 'wait', description: at(tender.publishedAt) },
    {
      key: 'deadline',
      title: moves.length > 0 ? `${text('timeline.deadline')}（${text('timeline.deadlineMoved')}）` : text('timeline.deadline'),
      status: closed ? 'finish' : published ? 'process' : 'wait',
      description: at(tender.bidDeadline),
    },
    {
      key: 'opening',
      title: text('timeline.opening'),
      status: tender.status === 'failed' ? 'error' : tender.status === 'evaluating' ? 'finish' : closed ? 'process' : 'wait',
      description: tender.status === 'failed' ? text('status.failed') : at(tender.bidDeadline),
    },
  ];
  return (
    <div data-testid="tender-timeline">
      <Steps
        size="small"
        orientation={phone ? 'vertical' : 'horizontal'}
        items={steps.map((s) => ({ key: s.key, title: <span data-testid={`timeline-${s.key}`} data-state={s.status}>{s.title}</span>, status: s.status, description: s.description }))}
      />
      {moves.length > 0 ? (
        <ul className="plain-list tender-moves" data-testid="tender-deadline-moves">
          {moves.map((c) => (
            <li key={c.id}>{text('clarify.moved', { before: formatDateTime(c.deadlineBefore, locale), after: formatDateTime(c.deadlineAfter, locale) })}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A section whose opening ended (closed → evaluating, or failed) has a public result page. */
function OpeningResultLink({ tenderId, section }: { tenderId: string; section: Tender['sections'][number] }) {
  const text = useTenderingText();
  if (section.status !== 'evaluating' && section.status !== 'failed') return null;
  return (
    <Link to={`/tenders/${tenderId}/sections/${section.sectionCode}/opening`} data-testid="section-opening-result">
      {text('tender.section.result')}
    </Link>
  );
}

export function SectionsView({ tender }: { tender: Tender }) {
  const text = useTenderingText();
  const phone = useIsPhone();
  const security = (s: Tender['sections'][number]) => (s.security.kind === 'none' ? text('security.none') : `${text(`security.${s.security.kind}`)} ${formatAmount(s.security.amount)}`);
  if (phone) {
    return (
      <div className="section-cards" data-testid="tender-sections">
        {tender.sections.map((s) => (
          <div key={s.sectionCode} className="section-card">
            <strong>{s.name}</strong>
            <CodeText code={s.sectionCode} />
            <span className="muted">
              {text('form.section.estimate')} {formatAmount(s.estimatedAmount)}
            </span>
            <span className="muted">
              {text('form.section.ceiling')} {formatAmount(s.ceilingPrice)}
            </span>
            <span className="muted">{security(s)}</span>
            <OpeningResultLink tenderId={tender.id} section={s} />
          </div>
        ))}
      </div>
    );
  }
  return (
    <Table
      size="small"
      rowKey="sectionCode"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={tender.sections}
      data-testid="tender-sections"
      columns={[
        { key: 'name', title: text('tender.section.name'), dataIndex: 'name' },
        { key: 'code', title: text('tender.section.code'), render: (_: unknown, s) => <CodeText code={s.sectionCode} /> },
        { key: 'estimate', title: text('form.section.estimate'), align: 'right', render: (_: unknown, s) => formatAmount(s.estimatedAmount) },
        { key: 'ceiling', title: text('form.section.ceiling'), align: 'right', render: (_: unknown, s) => formatAmount(s.ceilingPrice) },
        { key: 'security', title: text('form.section.securityKind'), render: (_: unknown, s) => security(s) },
        { key: 'result', title: '', render: (_: unknown, s) => <OpeningResultLink tenderId={tender.id} section={s} /> },
      ]}
    />
  );
}

export function ClarificationList({ items }: { items: readonly Clarification[] }) {
  const text = useTenderingText();
  const { locale } = useI18n();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text('clarify.empty')} />;
  return (
    <Timeline
      data-testid="clarification-list"
      items={items.map((c) => ({
        key: c.id,
        color: c.deadlineAfter !== c.deadlineBefore ? 'red' : 'blue',
        content: (
          <div className="tender-clarification" data-testid="clarification-item">
            <div className="muted small">
              {text('clarify.issued', { time: formatDateTime(c.issuedAt, locale) })} {c.substantive ? <Tag color="orange">{text('clarify.substantiveTag')}</Tag> : null}
            </div>
            <div className="tender-text">{c.text}</div>
            {c.deadlineAfter !== c.deadlineBefore ? (
              <div className="tender-moved" data-testid="clarification-moved">
                {text('clarify.moved', { before: formatDateTime(c.deadlineBefore, locale), after: formatDateTime(c.deadlineAfter, locale) })}
              </div>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}

/** The announcement as written: line breaks kept, long words wrapped on phones. */
export function AnnouncementText({ text }: { text: string }) {
  return (
    <div className="tender-text" data-testid="tender-announcement">
      {text}
    </div>
  );
}
