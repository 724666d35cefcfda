import './auction.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App as AntApp, Badge, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useCurrentUser } from '../api/queries';
import { ApiErrorAlert, errorText } from '../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../i18n';
import { SiteFooter } from '../layout/SiteFooter';
import { SiteHeader } from '../layout/SiteHeader';
import { auctionKeys, type BidAccepted, type Lot, useLot, useLotCommand, useMyLot } from './api';
import { formatYuan, useAuctionText } from './text';
import { formatRemaining, type LotEvent, useLotStream, useRemaining } from './useLotStream';

const FINAL = new Set(['deal', 'noDeal', 'terminated', 'confirmed', 'defaulted']);
export const statusColour: Record<string, string> = {
  announced: 'blue',
  listing: 'green',
  timedBidding: 'volcano',
  suspended: 'orange',
  deal: 'gold',
  noDeal: 'default',
  terminated: 'red',
  confirmed: 'gold',
  defaulted: 'red',
};

/** `/auction/lots/:id` — the public bidding room of one lot: live price, countdown, anonymous history; the bid panel for bidders. */
export function LotPage() {
  const { id = '' } = useParams();
  const lot = useLot(id);
  const tx = useAuctionText();
  return (
    <div className="page">
      <SiteHeader />
      <main className="page__main auction-page">
        {lot.isError ? (
          <ApiErrorAlert error={lot.error} onRetry={() => void lot.refetch()} />
        ) : lot.data ? (
          <LotRoom key={lot.data.id} lot={lot.data} />
        ) : (
          <Skeleton active />
        )}
        <p className="auction-back">
          <Link to="/auction">← {tx('calendar.title')}</Link>
        </p>
      </main>
      <SiteFooter />
    </div>
  );
}

function LotRoom({ lot }: { lot: Lot }) {
  const { locale } = useI18n();
  const tx = useAuctionText();
  const client = useQueryClient();
  const stream = useLotStream(lot.id, lot.serverTime);
  const latest = stream.latest;
  const status = latest?.status ?? lot.status;
  const price = latest ? latest.price : lot.currentPrice;
  const leaderNo = latest ? latest.leaderNo : lot.leaderNo;
  const deadline = latest ? latest.deadline : lot.deadline;
  const remaining = useRemaining(deadline, stream.offsetMs);
  const lastKind = latest?.kind;
  const lastSeq = latest?.seq;

  // A result or a status change brings terms (result, reserve opened, confirmation) the stream does not carry.
  useEffect(() => {
    if (lastSeq === undefined) return;
    if (lastKind !== 'bid' && lastKind !== 'message') void client.invalidateQueries({ queryKey: auctionKeys.lot(lot.id) });
    void client.invalidateQueries({ queryKey: auctionKeys.me(lot.id) });
  }, [lastKind, lastSeq, client, lot.id]);

  const warning = status === 'timedBidding' && remaining !== null && remaining > 0 ? lot.warningSeconds.find((s, i, all) => remaining <= s * 1000 && remaining > (all[i + 1] ?? 0) * 1000) : undefined;
  const countdownLabel = status === 'timedBidding' ? tx('lot.countdown') : status === 'listing' ? tx('lot.listingEndsIn') : status === 'announced' ? tx('lot.startsIn') : status === 'suspended' ? tx('lot.resumesAt') : tx('lot.deadline');

  return (
    <div className="auction-room" data-testid="lot-room">
      <div className="auction-room__head">
        <Space wrap size={[8, 4]}>
          <Tag color={statusColour[status]} data-testid="lot-status" data-status={status}>
            {tx(`status.${status}`)}
          </Tag>
          <Tag>{tx(`resource.${lot.resourceType}` as 'resource.landUseRight')}</Tag>
          <Tag>{tx(`method.${lot.method}` as 'method.listing')}</Tag>
          <Badge status={stream.connected ? 'processing' : 'default'} text={stream.connected ? tx('lot.live') : tx('lot.reconnecting')} data-testid="lot-connection" data-connected={stream.connected} />
        </Space>
        <h1 className="auction-room__title" data-testid="lot-title">
          {lot.name}
        </h1>
        <Typography.Text type="secondary">
          {lot.tradeNo} · {lot.title}
        </Typography.Text>
      </div>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card className="auction-live" data-testid="lot-live">
            <div className="auction-live__label">{tx('lot.currentPrice')}</div>
            <div className="auction-live__price" data-testid="lot-price" data-price={price ?? ''}>
              {price ? formatYuan(price) : tx('lot.noOffer')}
            </div>
            <div className="auction-live__meta">
              <span>
                {tx('lot.leader')}: <strong data-testid="lot-leader">{leaderNo ?? '—'}</strong>
              </span>
              <span>
                {tx('lot.bidCount')}: <strong data-testid="lot-bid-count">{latest?.bidCount ?? lot.bidCount}</strong>
              </span>
            </div>
            {FINAL.has(status) ? null : (
              <div className={`auction-countdown${status === 'timedBidding' ? ' auction-countdown--timed' : ''}`}>
                <span>{countdownLabel}</span>
                <strong data-testid="lot-countdown">{remaining === null ? '—' : status === 'suspended' && deadline ? formatDateTime(deadline, locale) : formatRemaining(remaining)}</strong>
              </div>
            )}
            {warning ? <Alert type="warning" showIcon title={tx('lot.warning', { s: warning })} data-testid="lot-warning" /> : null}
            {status === 'suspended' && lot.statusReason ? <Alert type="warning" showIcon title={tx('lot.suspended', { reason: lot.statusReason })} /> : null}
            {status === 'terminated' && lot.statusReason ? <Alert type="error" showIcon title={tx('lot.terminated', { reason: lot.statusReason })} /> : null}
            <LotResult lot={lot} status={status} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <BidPanel lot={lot} status={status} price={price} leaderNo={leaderNo} events={stream.events} />
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <History events={stream.events} />
        </Col>
        <Col xs={24} lg={10}>
          <Terms lot={lot} />
        </Col>
      </Row>
    </div>
  );
}

function LotResult({ lot, status }: { lot: Lot; status: string }) {
  const tx = useAuctionText();
  const result = lot.result;
  if (!result || !FINAL.has(status)) return null;
  return (
    <div className="auction-result" data-testid="lot-result" data-outcome={result.outcome}>
      <Alert
        type={result.outcome === 'deal' ? 'success' : 'info'}
        showIcon
        title={result.outcome === 'deal' ? tx('lot.result.deal', { no: result.winnerNo ?? '', price: formatYuan(result.price) }) : tx('lot.result.noDeal')}
        description={
          <Space direction="vertical" size={2}>
            <span data-testid="lot-result-reserve">{result.reservePrice ? tx('lot.result.reserve', { reserve: formatYuan(result.reservePrice) }) : tx('lot.result.noReserve')}</span>
            {result.winnerName ? <span>{tx('lot.result.winner', { name: result.winnerName })}</span> : null}
            {lot.dealConfirmationNo ? <span data-testid="lot-deal-confirmation">{tx('lot.dealConfirmation', { no: lot.dealConfirmationNo })}</span> : null}
          </Space>
        }
      />
    </div>
  );
}

function History({ events }: { events: LotEvent[] }) {
  const tx = useAuctionText();
  const { locale } = useI18n();
  const shown = useMemo(() => events.toReversed(), [events]);
  return (
    <Card title={tx('lot.history')} size="small">
      {shown.length === 0 ? (
        <Empty description={tx('lot.historyEmpty')} />
      ) : (
        <ol className="auction-history" data-testid="lot-history">
          {shown.map((event) => (
            <li key={event.seq} className={`auction-history__item auction-history__item--${event.kind}`} data-testid="history-item" data-seq={event.seq} data-kind={event.kind}>
              <span className="auction-history__seq">#{event.seq}</span>
              <span className="auction-history__what">
                {event.kind === 'bid' ? (
                  <>
                    <Tag>{event.bidderNo}</Tag>
                    <strong>{formatYuan(event.amount)}</strong> <Typography.Text type="secondary">{tx(`phase.${event.phase ?? 'listing'}` as 'phase.listing')}</Typography.Text>
                  </>
                ) : (
                  <>
                    {tx(`event.${event.kind}` as 'event.bid')}
                    {event.reason ? `：${event.reason}` : ''}
                    {event.text ? `：${event.text}` : ''}
                  </>
                )}
              </span>
              <time className="auction-history__at">{formatDateTime(event.at, locale)}</time>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function Terms({ lot }: { lot: Lot }) {
  const tx = useAuctionText();
  const { locale } = useI18n();
  return (
    <Card title={tx('lot.terms')} size="small">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={tx('lot.startPrice')}>{formatYuan(lot.startPrice)}</Descriptions.Item>
        <Descriptions.Item label={tx('lot.increment')}>{formatYuan(lot.increment)}</Descriptions.Item>
        <Descriptions.Item label={tx('lot.deposit')}>{formatYuan(lot.deposit)}</Descriptions.Item>
        {lot.priceCap ? <Descriptions.Item label={tx('lot.priceCap')}>{formatYuan(lot.priceCap)}</Descriptions.Item> : null}
        {lot.areaSqm ? <Descriptions.Item label={tx('lot.area')}>{lot.areaSqm}</Descriptions.Item> : null}
        {lot.landUse ? <Descriptions.Item label={tx('lot.landUse')}>{lot.landUse}</Descriptions.Item> : null}
        <Descriptions.Item label={tx('lot.location')}>{lot.location}</Descriptions.Item>
        <Descriptions.Item label={tx('lot.seller')}>{lot.sellerName}</Descriptions.Item>
        <Descriptions.Item label={tx('lot.listingPeriod')}>
          {formatDateTime(lot.listingStart, locale)} – {formatDateTime(lot.listingEnd, locale)}
        </Descriptions.Item>
        <Descriptions.Item label={tx('lot.countdownLength')}>{tx('lot.minutes', { n: Math.round(lot.countdownSeconds / 60) })}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph className="auction-notice" ellipsis={{ rows: 4, expandable: true }}>
        {lot.notice}
      </Typography.Paragraph>
    </Card>
  );
}

function BidPanel({ lot, status, price, leaderNo, events }: { lot: Lot; status: string; price: string | null; leaderNo: string | null; events: LotEvent[] }) {
  const tx = useAuctionText();
  const { t } = useI18n();
  const user = useCurrentUser();
  const isBidder = user.data?.roles.includes('bidder') === true;
  const me = useMyLot(lot.id, isBidder);
  const { message } = AntApp.useApp();
  const register = useLotCommand(lot.id, 'registrations');
  const bid = useLotCommand<BidAccepted>(lot.id, 'bids');
  const confirmWin = useLotCommand<{ certificateNo: string | null }>(lot.id, 'win-confirmation');
  // What the bidder typed, for the minimum it was typed against; a new minimum resets the field to it.
  const [typed, setTyped] = useState<{ base: string; value: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  // One idempotency key per intended offer: a retry after a timeout cannot place a second bid.
  const intent = useRef<{ amount: string; key: string } | null>(null);

  const minimum = price === null ? lot.startPrice : addYuan(price, lot.increment);
  const amount = typed !== null && typed.base === minimum ? typed.value : minimum;
  const setAmount = (value: string) => setTyped({ base: minimum, value });

  if (user.isPending) return <Card title={tx('bid.title')} loading />;
  if (!user.data) {
    return (
      <Card title={tx('bid.title')} data-testid="bid-panel">
        <Link to="/login">
          <Button type="primary">{tx('bid.loginToBid')}</Button>
        </Link>
      </Card>
    );
  }
  if (!isBidder) return <Card title={tx('bid.title')}>{tx('bid.bidderOnly')}</Card>;
  if (me.isPending) return <Card title={tx('bid.title')} loading />;
  const registration = me.data?.registration ?? null;
  const ended = FINAL.has(status);

  if (!registration) {
    const canRegister = status === 'announced' || status === 'listing';
    return (
      <Card title={tx('bid.title')} data-testid="bid-panel">
        {canRegister ? (
          <Form layout="vertical" onFinish={(values: { depositProof: string }) => register.mutate({ body: { depositProof: values.depositProof } })} data-testid="bid-register">
            <Form.Item name="depositProof" label={tx('bid.depositProof')} extra={tx('bid.depositHint')} rules={[{ required: true, min: 4 }]}>
              <Input data-testid="bid-deposit-proof" autoComplete="off" />
            </Form.Item>
            {register.isError ? <ApiErrorAlert error={register.error} /> : null}
            <Button type="primary" htmlType="submit" loading={register.isPending} data-testid="bid-register-submit" block>
              {tx('bid.register')}
            </Button>
          </Form>
        ) : (
          <Typography.Text type="secondary">{tx(`status.${status}` as 'status.listing')}</Typography.Text>
        )}
      </Card>
    );
  }

  const mine = registration.bidderNo;
  const myOffers = events.filter((e) => e.kind === 'bid' && e.bidderNo === mine).length;
  const won = me.data?.winner === true || (ended && lot.result?.winnerNo === mine);
  const state = ended ? (won ? 'won' : myOffers > 0 ? 'lost' : 'ended') : leaderNo === mine ? 'leading' : myOffers > 0 ? 'outbid' : 'none';
  const stateColour = { leading: 'green', won: 'gold', outbid: 'red', lost: 'default', ended: 'default', none: 'blue' }[state];
  const canBid = registration.status === 'qualified' && (status === 'listing' || (status === 'timedBidding' && registration.entrant));

  const submit = () => {
    if (intent.current?.amount !== amount) intent.current = { amount, key: crypto.randomUUID() };
    const key = intent.current.key;
    bid.mutate(
      { body: { amount }, key },
      {
        onSuccess: (accepted) => {
          intent.current = null;
          setConfirming(false);
          void message.success(tx('bid.accepted', { seq: accepted.seq }));
        },
        onError: (error) => {
          setConfirming(false);
          void message.error(errorText(error, t));
        },
      },
    );
  };

  return (
    <Card title={tx('bid.title')} data-testid="bid-panel">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <div className="auction-me">
          <span>{tx('bid.myNo')}</span>
          <strong data-testid="bid-my-no">{mine}</strong>
          <Tag color={stateColour} data-testid="bid-state" data-state={state}>
            {tx(`bid.state.${state}` as 'bid.state.none')}
          </Tag>
        </div>
        {registration.status !== 'qualified' ? <Alert type="info" showIcon title={tx('bid.awaitingPartners')} /> : null}
        {status === 'timedBidding' && !registration.entrant ? <Alert type="info" showIcon title={tx('bid.notEntrant')} /> : null}
        {canBid ? (
          <Form layout="vertical" onFinish={() => setConfirming(true)}>
            <Form.Item label={tx('bid.amount')} extra={tx('bid.minimum', { min: formatYuan(minimum) })}>
              <Input value={amount} onChange={(e) => setAmount(e.target.value.trim())} inputMode="decimal" size="large" data-testid="bid-amount" />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block data-testid="bid-submit" disabled={!/^\d{1,16}(\.\d{1,2})?$/.test(amount)}>
              {tx('bid.submit')}
            </Button>
          </Form>
        ) : null}
        {won && status === 'deal' && !lot.winConfirmed ? (
          <Button type="primary" block loading={confirmWin.isPending} onClick={() => confirmWin.mutate({})} data-testid="bid-confirm-win">
            {tx('bid.confirmWin')}
          </Button>
        ) : null}
        {won && lot.winConfirmed ? <Alert type="success" showIcon title={tx('bid.winConfirmed', { no: `JD-${lot.tradeNo}-${lot.lotNo}` })} data-testid="bid-win-confirmed" /> : null}
        {confirmWin.isError ? <ApiErrorAlert error={confirmWin.error} /> : null}
      </Space>
      <Modal
        open={confirming}
        title={tx('bid.confirmTitle')}
        okText={tx('bid.confirm')}
        cancelText={tx('bid.cancel')}
        confirmLoading={bid.isPending}
        onOk={submit}
        onCancel={() => setConfirming(false)}
        okButtonProps={{ 'data-testid': 'bid-confirm' } as Record<`data-${string}`, string>}
      >
        <p data-testid="bid-confirm-text">{tx('bid.confirmText', { no: mine, amount: formatYuan(amount) })}</p>
      </Modal>
    </Card>
  );
}

/** Decimal addition of two yuan amounts in fen (no floating point). */
function fen(x: string): bigint {
  const [w = '0', f = ''] = x.split('.');
  return BigInt(w) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
}

function addYuan(a: string, b: string): string {
  const sum = fen(a) + fen(b);
  return `${sum / 100n}.${String(sum % 100n).padStart(2, '0')}`;
}
