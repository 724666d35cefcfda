import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Checkbox, Descriptions, Input, Select, Space, Spin, Tag } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../i18n';
import { workspacePaths } from '../workspace/paths';
import { useWorkspaceUser } from '../workspace/useWorkspaceUser';
import { type AwardView, checkNotice, type NoticeCheck, useAward, useAwardCommand, useNotice } from './api';
import { CandidatesTable } from './parts';
import { useAwardText } from './text';

/**
 * `/workspace/awards/:tenderId/:sectionCode` — the award of one section. Tenderer or agency:
 * the signed report's reference, publishing the candidates (条例 54), objections and their
 * answers, the decision (rank 1, or a pass-over with a legal reason, 条例 55) that issues the
 * signed notice. Bidders: the candidates, their own objections, the result, and — the winner —
 * the notice to download and verify in the browser.
 */
export function AwardPage() {
  const tx = useAwardText();
  const { tenderId = '', sectionCode = '' } = useParams();
  const user = useWorkspaceUser();
  const owner = user.roles.includes('tenderer') || user.roles.includes('agency');
  const award = useAward(tenderId, sectionCode);
  const command = useAwardCommand(tenderId, sectionCode);
  const [published, setPublished] = useState<{ endsAt: string; article: string } | null>(null);
  if (award.isPending) return <Spin />;
  const view = award.data ?? null;
  return (
    <div className="workspace-page" data-testid="award-page" data-state={view?.state ?? 'none'} style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card title={<h1 className="card-title-heading">{tx('page.title', { section: sectionCode })}</h1>} extra={<Tag data-testid="award-state">{tx(`state.${view?.state ?? 'none'}`)}</Tag>}>
        {award.isError ? <ApiErrorAlert error={award.error} /> : null}
        {command.isError ? <ApiErrorAlert error={command.error} /> : null}
        {published ? <Alert type="success" message={tx('publish.done', { end: published.endsAt, article: published.article })} /> : null}
        {view ? <Summary view={view} /> : null}
      </Card>
      {!view && owner && !award.isError ? (
        <Card title={tx('publish.title')} data-testid="award-publish">
          <Alert type="info" message={tx('publish.rule')} />
          <Button
            type="primary"
            style={{ marginTop: 12 }}
            loading={command.isPending}
            data-testid="award-publish-submit"
            onClick={() => command.mutate({ path: '/publicity' }, { onSuccess: (body) => setPublished(body as { endsAt: string; article: string }) })}
          >
            {tx('publish.submit')}
          </Button>
        </Card>
      ) : null}
      {view ? <Objections view={view} owner={owner} tenderId={tenderId} sectionCode={sectionCode} /> : null}
      {view && owner && (view.state === 'publicity' || view.state === 'suspended') ? <Decision view={view} tenderId={tenderId} sectionCode={sectionCode} /> : null}
      {view && view.state === 'awarded' ? <Notice tenderId={tenderId} sectionCode={sectionCode} /> : null}
      {view && owner && view.state === 'awarded' ? <Fallback view={view} tenderId={tenderId} sectionCode={sectionCode} /> : null}
      {view && owner && (view.state === 'failed' || view.state === 'retendered') ? <Retender view={view} tenderId={tenderId} sectionCode={sectionCode} /> : null}
    </div>
  );
}

function Summary({ view }: { view: AwardView }) {
  const tx = useAwardText();
  const { locale } = useI18n();
  const winner = view.candidates.find((c) => c.rank === view.winnerRank);
  return (
    <>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={tx('report.sm3')} span={2}>
          <code style={{ wordBreak: 'break-all' }}>{view.report.sm3}</code>
        </Descriptions.Item>
        <Descriptions.Item label={tx('report.logIndex')}>{view.report.logIndex ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={tx('report.receivedAt')}>{formatDateTime(view.report.receivedAt, locale)}</Descriptions.Item>
        {view.publicity ? (
          <Descriptions.Item label={tx('public.publicity')} span={2}>
            <span data-testid="award-period">{tx('publicity.period', { start: formatDateTime(view.publicity.startsAt, locale), end: formatDateTime(view.publicity.endsAt, locale) })}</span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <h3>{tx('candidates.title')}</h3>
      <CandidatesTable candidates={view.candidates} winnerRank={view.winnerRank} />
      {winner ? <Alert style={{ marginTop: 12 }} type="success" message={tx('decision.winner', { rank: winner.rank, name: winner.bidderName })} data-testid="award-winner" /> : null}
      {view.failureReason ? <Alert style={{ marginTop: 12 }} type="error" message={view.failureReason} /> : null}
      {view.deadlines.length > 0 ? (
        <>
          <h3>{tx('deadlines.title')}</h3>
          <ul>
            {view.deadlines.map((d) => (
              <li key={d.what}>
                {tx(`what.${d.what}`)}：{d.due ?? '—'}（{d.article}）
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function Objections({ view, owner, tenderId, sectionCode }: { view: AwardView; owner: boolean; tenderId: string; sectionCode: string }) {
  const tx = useAwardText();
  const { locale } = useI18n();
  const command = useAwardCommand(tenderId, sectionCode);
  const [text, setText] = useState('');
  const [replies, setReplies] = useState<Record<string, string>>({});
  return (
    <Card title={tx('objections.title')} data-testid="award-objections">
      {view.objections.length === 0 ? <p className="muted">{tx('objections.empty')}</p> : null}
      {view.objections.map((o, i) => (
        <div key={o.id} style={{ marginBottom: 12 }} data-testid={`objection-${i}`}>
          <div>
            <strong>{o.objectorName}</strong>：{o.text}
          </div>
          {o.reply ? (
            <Alert type="success" message={tx('objections.answered', { reply: o.reply })} data-testid={`objection-${i}-answered`} />
          ) : (
            <>
              <div className="muted">{tx('objections.replyDue', { due: formatDateTime(o.replyDue, locale) })}</div>
              {owner ? (
                <Space.Compact style={{ width: '100%' }}>
                  <Input value={replies[o.id] ?? ''} onChange={(e) => setReplies({ ...replies, [o.id]: e.target.value })} placeholder={tx('objections.reply')} data-testid={`objection-${i}-reply`} />
                  <Button
                    type="primary"
                    disabled={!(replies[o.id] ?? '').trim()}
                    loading={command.isPending}
                    onClick={() => command.mutate({ path: `/objections/${o.id}/reply`, body: { reply: (replies[o.id] ?? '').trim() } })}
                    data-testid={`objection-${i}-reply-submit`}
                  >
                    {tx('objections.replySubmit')}
                  </Button>
                </Space.Compact>
              ) : null}
            </>
          )}
        </div>
      ))}
      {!owner && view.publicity?.running ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={tx('objections.text')} data-testid="objection-text" />
          <Button disabled={!text.trim()} loading={command.isPending} onClick={() => command.mutate({ path: '/objections', body: { text: text.trim() } }, { onSuccess: () => setText('') })} data-testid="objection-submit">
            {tx('objections.submit')}
          </Button>
        </Space>
      ) : null}
      {command.isError ? <ApiErrorAlert error={command.error} /> : null}
    </Card>
  );
}

function Decision({ view, tenderId, sectionCode }: { view: AwardView; tenderId: string; sectionCode: string }) {
  const tx = useAwardText();
  const command = useAwardCommand(tenderId, sectionCode);
  const [passOver, setPassOver] = useState(false);
  const [reason, setReason] = useState<string>('waived');
  const [note, setNote] = useState('');
  const reasons = reasonsFor(view);
  return (
    <Card title={tx('decision.title')} data-testid="award-decision">
      <Alert type="info" message={tx('decision.rule')} />
      <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        <Checkbox checked={passOver} onChange={(e) => setPassOver(e.target.checked)} data-testid="decision-pass-over">
          {tx('decision.passOver')}
        </Checkbox>
        {passOver ? (
          <>
            <Select value={reason} onChange={setReason} options={reasons.map((r) => ({ value: r, label: tx(`reason.${r}`) }))} />
            <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={tx('decision.note')} />
          </>
        ) : null}
        <Button
          type="primary"
          loading={command.isPending}
          disabled={passOver && !note.trim()}
          onClick={() => command.mutate({ path: '/decision', body: passOver ? { passOver: [{ rank: 1, reason, note: note.trim() }] } : {} })}
          data-testid="decision-submit"
        >
          {tx('decision.submit')}
        </Button>
      </Space>
      {command.isError ? <ApiErrorAlert error={command.error} /> : null}
    </Card>
  );
}

/** The reasons a candidate may be passed over: without the tenderer's free choice where the order binds (条例 55). */
const reasonsFor = (view: AwardView) => (view.orderBinds ? FALLBACK_REASONS.filter((r) => r !== 'tendererChoice') : FALLBACK_REASONS);
const FALLBACK_REASONS = ['waived', 'forceMajeure', 'noPerformanceSecurity', 'violation', 'tendererChoice'] as const;

/** After the notice: the winner gives up, cannot perform or gives no performance security — the next candidate, or failure (条例 55). */
function Fallback({ view, tenderId, sectionCode }: { view: AwardView; tenderId: string; sectionCode: string }) {
  const tx = useAwardText();
  const command = useAwardCommand(tenderId, sectionCode);
  const [reason, setReason] = useState<string>('waived');
  const [note, setNote] = useState('');
  return (
    <Card title={tx('fallback.title')} data-testid="award-fallback">
      <Alert type="warning" message={tx('fallback.rule')} />
      <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        <Select value={reason} onChange={setReason} options={reasonsFor(view).map((r) => ({ value: r, label: tx(`reason.${r}`) }))} data-testid="fallback-reason" />
        <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={tx('decision.note')} data-testid="fallback-note" />
        <Button danger loading={command.isPending} disabled={!note.trim()} onClick={() => command.mutate({ path: '/fallback', body: { reason, note: note.trim() } })} data-testid="fallback-submit">
          {tx('fallback.submit')}
        </Button>
      </Space>
      {command.isError ? <ApiErrorAlert error={command.error} /> : null}
    </Card>
  );
}

/** A failed section is tendered again: a new draft tender for the same section, edited and submitted as usual. */
function Retender({ view, tenderId, sectionCode }: { view: AwardView; tenderId: string; sectionCode: string }) {
  const tx = useAwardText();
  const command = useAwardCommand(tenderId, sectionCode);
  const [deadline, setDeadline] = useState('');
  const draftId = view.retenderTenderId ?? (command.data as { retenderTenderId?: string } | undefined)?.retenderTenderId ?? null;
  return (
    <Card title={tx('retender.title')} data-testid="award-retender">
      {draftId ? (
        <Link to={`${workspacePaths.myTenders}/${draftId}`} data-testid="retender-draft">
          {tx('retender.open')}
        </Link>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" message={tx('retender.rule')} />
          <Input type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} data-testid="retender-deadline" />
          <Button
            type="primary"
            loading={command.isPending}
            disabled={!deadline}
            // datetime-local is read as Beijing time, as the tender form does.
            onClick={() => command.mutate({ path: '/retender', body: { bidDeadline: new Date(`${deadline}:00+08:00`).toISOString() } })}
            data-testid="retender-submit"
          >
            {tx('retender.submit')}
          </Button>
        </Space>
      )}
      {command.isError ? <ApiErrorAlert error={command.error} /> : null}
    </Card>
  );
}

function Notice({ tenderId, sectionCode }: { tenderId: string; sectionCode: string }) {
  const tx = useAwardText();
  const notice = useNotice(tenderId, sectionCode, true);
  const [check, setCheck] = useState<NoticeCheck | null>(null);
  const [error, setError] = useState<unknown>(null);
  const document = notice.data?.notice;
  // One object URL per notice, released when it changes or the page goes.
  const href = useMemo(() => (document ? URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' })) : ''), [document]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  if (!document) return null;
  return (
    <Card title={tx('notice.title')} data-testid="award-notice">
      <Space wrap>
        <a href={href} download={`award-notice-${document.noticeId}.json`} data-testid="notice-download">
          {tx('notice.download')}
        </a>
        <Button
          onClick={() => {
            setError(null);
            void checkNotice(document).then(setCheck, setError);
          }}
          data-testid="notice-verify"
        >
          {tx('notice.verify')}
        </Button>
      </Space>
      {error ? <ApiErrorAlert error={error} /> : null}
      {check ? (
        <Alert
          style={{ marginTop: 12 }}
          type={check.signatureValid && check.keyMatches && check.logged ? 'success' : 'error'}
          data-testid="notice-check"
          data-outcome={check.signatureValid && check.keyMatches && check.logged ? 'valid' : 'invalid'}
          message={check.signatureValid && check.keyMatches && check.logged ? tx('notice.valid', { index: check.logIndex ?? '—', status: check.status ?? '—' }) : tx('notice.invalid')}
          description={`${tx('notice.signature')}：${check.signatureValid ? tx('yes') : tx('no')}；${tx('notice.key')}：${check.keyMatches ? tx('yes') : tx('no')}；${tx('notice.logged')}：${check.logged ? tx('yes') : tx('no')}`}
        />
      ) : null}
    </Card>
  );
}
