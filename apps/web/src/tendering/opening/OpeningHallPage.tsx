import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Card, List, Space, Steps, Table, Tag } from 'antd';
import { ApiError } from '../../api/client';
import { useEventStream } from '../../api/useEventStream';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../../i18n';
import { useWorkspaceUser } from '../../workspace/useWorkspaceUser';
import { useTender } from '../bid/api';
import { myShare, openingBase, openingKeys, type OpeningView, useOpening } from './api';
import { BidderPanel, CustodianPanel, StaffPanel } from './panels';
import { RecordCard } from './RecordCard';
import { type OpeningTextKey, useOpeningText } from './text';

/** A hall event as the stream carries it (counts, names and methods only before the record). */
interface HallEvent {
  seq: number;
  kind: string;
  at: string;
}

const STEPS = ['opened', 'decrypting', 'fallback', 'published', 'closed'] as const;

function currentStep(view: OpeningView | null | undefined): number {
  if (!view) return 0;
  switch (view.status) {
    case 'decrypting':
      return 1;
    case 'fallback':
      return 2;
    case 'published':
      return 3;
    case 'closed':
      return 4;
    default:
      return 0;
  }
}

/**
 * `/workspace/openings/:tenderId/:sectionCode` — the remote opening hall (不见面开标) of one
 * section, for bidders, the host (centre staff), supervisors (read only) and key custodians.
 * Live over the hall's event stream when the server offers it; otherwise (or while it
 * reconnects) the page refreshes every 2 s.
 */
export function OpeningHallPage() {
  const { tenderId = '', sectionCode = '' } = useParams();
  const tx = useOpeningText();
  const { locale } = useI18n();
  const user = useWorkspaceUser();
  const client = useQueryClient();
  const tender = useTender(tenderId);
  const [events, setEvents] = useState<HallEvent[]>([]);
  const refresh = () => void client.invalidateQueries({ queryKey: openingKeys.view(tenderId, sectionCode) });
  // Poll every 2 s until the stream is live, then only as a safety net.
  const liveRef = useRef(false);
  const opening = useOpening(tenderId, sectionCode, () => (liveRef.current ? 15_000 : 2_000));
  // The stream serves participants of a started opening: watch it once the opening exists.
  const stream = useEventStream<HallEvent>(opening.data ? `${openingBase(tenderId, sectionCode)}/events` : null, {
    seqOf: (event) => event.seq,
    onEvent: (event) => {
      setEvents((previous) => [...previous, event]);
      refresh();
    },
  });
  const live = stream.connected && !stream.failed;
  useEffect(() => {
    liveRef.current = live;
  }, [live]);
  const share = useQuery({ queryKey: ['tendering', 'my-share', tenderId], queryFn: () => myShare(tenderId), retry: false });
  const view = opening.data;
  const notParticipant = opening.error instanceof ApiError && opening.error.code === 'NOT_AN_OPENING_PARTICIPANT';
  const isStaff = user.roles.includes('centreStaff');
  const isSupervisor = user.roles.includes('supervisor') && !isStaff;
  const isBidder = user.roles.includes('bidder');
  const section = tender.data?.sections.find((s) => s.sectionCode === sectionCode);

  const steps = view?.status === 'failed' ? [{ title: tx('step.opened') }, { title: tx('step.failed'), status: 'error' as const }] : STEPS.map((key) => ({ title: tx(`step.${key}`) }));

  return (
    <div className="workspace-page" data-testid="hall-page">
      <Card
        title={<h1 className="card-title-heading">{tender.data?.title ?? tx('hall.title')}</h1>}
        extra={
          <span data-testid="hall-connection" data-state={live ? 'live' : stream.failed ? 'polling' : 'reconnecting'}>
            <Badge status={live ? 'success' : stream.failed ? 'processing' : 'warning'} text={live ? tx('hall.live') : stream.failed ? tx('hall.polling') : tx('hall.reconnecting')} />
          </span>
        }
      >
        <p>
          {tx('hall.section')}：{section?.name ?? ''} <code>{sectionCode}</code>
        </p>
        {isSupervisor ? <Tag color="blue">{tx('supervisor.readOnly')}</Tag> : null}
        <div data-testid="hall-status" data-status={view === null ? 'notStarted' : (view?.status ?? '')}>
          {view === null ? <Alert type="info" showIcon title={tx('hall.notStarted')} /> : null}
          {view ? (
            <Space wrap>
              <span>{tx('hall.bidCount', { n: view.bidCount, min: view.minimumBidders })}</span>
              {view.windowEndsAt ? (
                <span>
                  {tx('hall.windowEnds')}：{formatDateTime(view.windowEndsAt, locale)}
                </span>
              ) : null}
            </Space>
          ) : null}
          {view?.ceilingPrice ? (
            <div data-testid="hall-ceiling-price" data-price={view.ceilingPrice}>
              {tx('hall.ceiling', { price: view.ceilingPrice })}
            </div>
          ) : null}
          {view?.floatPoint ? (
            <div data-testid="hall-float-point" data-letter={view.floatPoint.letter}>
              {tx('hall.floatPoint', { letter: view.floatPoint.letter, rate: view.floatPoint.rate })}
            </div>
          ) : view?.floatPointCommitment ? (
            <div className="muted">{tx('hall.floatPointPending', { commitment: view.floatPointCommitment.slice(0, 12) })}</div>
          ) : null}
          {view?.checkIns && view.checkIns.length > 0 ? <div data-testid="hall-check-ins">{tx('hall.checkIns', { names: view.checkIns.map((c) => c.bidderName).join('、') })}</div> : null}
          {view?.status === 'failed' ? <Alert type="error" showIcon title={tx('hall.failed', { reason: view.failureReason ?? '' })} /> : null}
        </div>
        {notParticipant ? <Alert type="warning" showIcon title={tx('hall.notParticipant')} /> : opening.isError ? <ApiErrorAlert error={opening.error} /> : null}
        <Steps size="small" style={{ marginTop: 16 }} current={view?.status === 'failed' ? 1 : currentStep(view)} items={steps} responsive data-testid="hall-steps" />
      </Card>

      {view ? (
        <Card title={tx('bids.title')} style={{ marginTop: 16 }}>
          <Table
            size="small"
            rowKey="bidId"
            pagination={false}
            dataSource={view.bids}
            onRow={(bid) => ({ 'data-testid': 'hall-bid', 'data-state': bid.state }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: tx('bids.name'), dataIndex: 'bidderName' },
              {
                title: tx('bids.state'),
                dataIndex: 'state',
                render: (state: string, bid) => (
                  <Space wrap>
                    <Tag color={state === 'decrypted' ? 'green' : state === 'sealed' ? 'default' : 'red'}>{tx(`state.${state}` as OpeningTextKey)}</Tag>
                    {bid.method ? <span className="muted">{tx(`method.${bid.method}` as OpeningTextKey)}</span> : null}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ) : null}

      {view?.record ? (
        <div style={{ marginTop: 16 }}>
          <RecordCard record={view.record} signed={view.signedRecord} />
        </div>
      ) : null}

      {view && view.responses.length > 0 ? (
        <Card title={tx('responses.title')} style={{ marginTop: 16 }}>
          <List
            size="small"
            dataSource={view.responses}
            renderItem={(r) => (
              <List.Item data-testid="hall-response" data-kind={r.kind}>
                <Tag color={r.kind === 'confirm' ? 'green' : 'orange'}>{tx(r.kind === 'confirm' ? 'responses.confirm' : 'responses.objection')}</Tag>
                {r.text}
                {r.answer ? (
                  <span className="muted">
                    {' '}
                    — {tx('responses.answer')}：{r.answer}
                  </span>
                ) : null}
              </List.Item>
            )}
          />
        </Card>
      ) : null}

      <div className="hall-panels" style={{ marginTop: 16, display: 'grid', gap: 16 }}>
        {isStaff && view !== undefined && view?.status !== 'closed' && view?.status !== 'failed' ? <StaffPanel tenderId={tenderId} sectionCode={sectionCode} view={view} onDone={refresh} /> : null}
        {isBidder && view !== undefined && !notParticipant ? <BidderPanel tenderId={tenderId} sectionCode={sectionCode} view={view} onDone={refresh} myUserId={user.id} /> : null}
        {share.data && (view?.status === 'fallback' || notParticipant) ? <CustodianPanel tenderId={tenderId} sectionCode={sectionCode} view={view ?? null} onDone={refresh} x={share.data.x} /> : null}
      </div>

      {events.length > 0 ? (
        <Card title={tx('hall.live')} style={{ marginTop: 16 }}>
          <List size="small" dataSource={events.toReversed()} renderItem={(e) => <List.Item data-testid="hall-event" data-kind={e.kind}>{`${formatDateTime(e.at, locale)} · ${e.kind}`}</List.Item>} />
        </Card>
      ) : null}
    </div>
  );
}
