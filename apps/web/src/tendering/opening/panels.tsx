import { useState } from 'react';
import { Alert, Button, Card, Input, InputNumber, Popconfirm, Space, Tag } from 'antd';
import { toBase64 } from '@ggzy/contracts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMyBids } from '../bid/api';
import { myBidManifest, myShare, openingCommand, type OpeningView } from './api';
import { KeyForm } from './KeyForm';
import { useOpeningText } from './text';

interface PanelProps {
  tenderId: string;
  sectionCode: string;
  view: OpeningView | null;
  onDone: () => void;
}

/** Runs one step; keeps its error for display. */
function useStep() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<unknown>, after: () => void) => {
    setPending(true);
    setError(null);
    try {
      await work();
      after();
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };
  return { pending, error, run };
}

/** Bidder: decrypt my bid (K unwrapped in the page with my certificate key), then confirm the record or object. */
export function BidderPanel({ tenderId, sectionCode, view, onDone, myUserId }: PanelProps & { myUserId: string }) {
  const tx = useOpeningText();
  const mine = useMyBids(tenderId);
  const step = useStep();
  const [objection, setObjection] = useState('');
  const live = (mine.data?.items ?? []).find((b) => b.sectionCode === sectionCode && b.status === 'submitted');
  const entry = view?.bids.find((b) => b.bidId === live?.id);
  const responded = view?.responses.filter((r) => r.bidderId === myUserId) ?? [];

  const decrypt = (keyFile: File, passphrase: string) =>
    step.run(async () => {
      if (!live) throw new Error(tx('bidder.noBid'));
      const [{ unlockSm2Key }, { unwrapKey }, { manifest }] = await Promise.all([import('../bid/unlock'), import('../bid/seal'), myBidManifest(live.id)]);
      const privateKey = await unlockSm2Key(keyFile, passphrase);
      const dataKey = unwrapKey(manifest.wrappedKeys.bidder, privateKey);
      try {
        await openingCommand(tenderId, sectionCode, 'decryptions', { dataKey: toBase64(dataKey) });
      } finally {
        dataKey.fill(0);
      }
    }, onDone);

  const [checkedIn, setCheckedIn] = useState(false);
  const over = view?.status === 'closed' || view?.status === 'failed';
  return (
    <Card title={tx('bidder.title')} data-testid="hall-bidder">
      {step.error ? <ApiErrorAlert error={step.error} testId="hall-bidder-error" /> : null}
      {!live && !mine.isPending ? <Alert type="info" title={tx('bidder.noBid')} /> : null}
      {live && !over ? (
        <Space wrap style={{ marginBottom: 12 }}>
          {checkedIn ? (
            <Tag color="green" data-testid="hall-checked-in">
              {tx('bidder.checkedIn')}
            </Tag>
          ) : (
            <Button loading={step.pending} data-testid="hall-check-in" onClick={() => void step.run(() => openingCommand(tenderId, sectionCode, 'check-in'), () => {
              setCheckedIn(true);
              onDone();
            })}>
              {tx('bidder.checkIn')}
            </Button>
          )}
          {checkedIn && view?.floatPointCommitment && !view.floatPoint ? (
            <Button loading={step.pending} data-testid="hall-bidder-draw" onClick={() => void step.run(() => openingCommand(tenderId, sectionCode, 'float-point'), onDone)}>
              {tx('bidder.drawFloat')}
            </Button>
          ) : null}
        </Space>
      ) : null}
      {view && live && (view.status === 'decrypting' || view.status === 'fallback') ? (
        entry?.state === 'decrypted' ? (
          <Alert type="success" showIcon title={tx('bidder.decrypted')} data-testid="hall-bidder-decrypted" />
        ) : view.status === 'decrypting' ? (
          <>
            <p className="muted">{tx('bidder.decryptHint')}</p>
            <KeyForm testIdPrefix="hall-decrypt" submitText={tx('bidder.decrypt')} pending={step.pending} onSubmit={(file, pass) => void decrypt(file, pass)} />
          </>
        ) : null
      ) : null}
      {view?.status === 'published' && entry ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          {responded.map((r) => (
            <Alert key={r.id} type="info" title={tx('bidder.responded', { kind: tx(r.kind === 'confirm' ? 'responses.confirm' : 'responses.objection') })} />
          ))}
          <Button type="primary" loading={step.pending} data-testid="hall-confirm" onClick={() => void step.run(() => openingCommand(tenderId, sectionCode, 'responses', { kind: 'confirm' }), onDone)}>
            {tx('bidder.confirm')}
          </Button>
          <Input.TextArea rows={2} value={objection} onChange={(e) => setObjection(e.target.value)} placeholder={tx('bidder.objectionText')} data-testid="hall-objection-text" />
          <Button
            disabled={objection.trim() === ''}
            loading={step.pending}
            data-testid="hall-objection"
            onClick={() => void step.run(() => openingCommand(tenderId, sectionCode, 'responses', { kind: 'objection', text: objection.trim() }), () => {
              setObjection('');
              onDone();
            })}
          >
            {tx('bidder.objection')}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}

/** Centre staff hosting the opening: start, fallback, record, answers, close. */
export function StaffPanel({ tenderId, sectionCode, view, onDone }: PanelProps) {
  const tx = useOpeningText();
  const step = useStep();
  const [windowMinutes, setWindowMinutes] = useState(30);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const command = (name: string, body: unknown = {}) => void step.run(() => openingCommand(tenderId, sectionCode, name, body), onDone);
  const open = view?.status === 'decrypting' || view?.status === 'fallback';
  return (
    <Card title={tx('staff.title')} data-testid="hall-staff">
      {step.error ? <ApiErrorAlert error={step.error} testId="hall-staff-error" /> : null}
      <Space direction="vertical" style={{ width: '100%' }}>
        {view === null ? (
          <Space wrap>
            <span>{tx('staff.window')}</span>
            <InputNumber min={5} max={240} value={windowMinutes} onChange={(v) => setWindowMinutes(v ?? 30)} data-testid="hall-window" />
            <Button type="primary" loading={step.pending} onClick={() => command('', { windowMinutes })} data-testid="hall-start">
              {tx('staff.start')}
            </Button>
          </Space>
        ) : null}
        {open && view.ceilingPrice === null ? (
          <Button loading={step.pending} onClick={() => command('ceiling-price')} data-testid="hall-ceiling">
            {tx('staff.ceiling')}
          </Button>
        ) : null}
        {open && view.floatPointCommitment && !view.floatPoint && view.ceilingPrice ? (
          <Button loading={step.pending} onClick={() => command('float-point')} data-testid="hall-draw">
            {tx('staff.drawFloat')}
          </Button>
        ) : null}
        {view?.status === 'decrypting' ? (
          <Button loading={step.pending} onClick={() => command('fallback')} data-testid="hall-fallback">
            {tx('staff.fallback')}
          </Button>
        ) : null}
        {open ? (
          <Button type="primary" loading={step.pending} onClick={() => command('record')} data-testid="hall-publish">
            {tx('staff.publish')}
          </Button>
        ) : null}
        {view?.status === 'published'
          ? view.responses
              .filter((r) => r.kind === 'objection' && r.answeredAt === null)
              .map((r) => (
                <Space key={r.id} direction="vertical" style={{ width: '100%' }} data-testid="hall-answer-item">
                  <div>
                    {tx('responses.objection')}：{r.text}
                  </div>
                  <Input.TextArea rows={2} value={answers[r.id] ?? ''} onChange={(e) => setAnswers({ ...answers, [r.id]: e.target.value })} data-testid="hall-answer-text" />
                  <Button disabled={(answers[r.id] ?? '').trim() === ''} loading={step.pending} onClick={() => command(`responses/${r.id}/answer`, { answer: (answers[r.id] ?? '').trim() })} data-testid="hall-answer">
                    {tx('staff.answer')}
                  </Button>
                </Space>
              ))
          : null}
        {view?.status === 'published' ? (
          <Popconfirm title={tx('staff.close')} onConfirm={() => command('close')} okButtonProps={{ 'data-testid': 'hall-close-confirm' } as Record<string, string>}>
            <Button type="primary" loading={step.pending} data-testid="hall-close">
              {tx('staff.close')}
            </Button>
          </Popconfirm>
        ) : null}
      </Space>
    </Card>
  );
}

/** A key custodian: fetch my share (encrypted to my key), decrypt it in the page, submit it. Shown only to share holders. */
export function CustodianPanel({ tenderId, sectionCode, onDone, x }: PanelProps & { x: number }) {
  const tx = useOpeningText();
  const step = useStep();
  const [progress, setProgress] = useState<{ received: number; threshold: number; reconstructed: boolean } | null>(null);
  const submit = (keyFile: File, passphrase: string) =>
    step.run(async () => {
      const [{ unlockSm2Key }, { sm2 }, share] = await Promise.all([import('../bid/unlock'), import('sm-crypto-v2'), myShare(tenderId)]);
      const privateKey = await unlockSm2Key(keyFile, passphrase);
      const { fromBase64, toHex } = await import('@ggzy/contracts');
      const raw = fromBase64(share.wrappedShare);
      const plain = sm2.doDecrypt(toHex(raw.subarray(1)), privateKey, 1, { output: 'array' });
      if (!(plain instanceof Uint8Array) || plain.length === 0) throw new Error('this key cannot decrypt the share');
      const value = JSON.parse(new TextDecoder().decode(plain)) as { x: number; y: string };
      const reply = await openingCommand<{ received: number; threshold: number; reconstructed: boolean }>(tenderId, sectionCode, 'custodian-shares', value);
      setProgress(reply);
    }, onDone);
  return (
    <Card title={`${tx('custodian.title')} (x = ${x})`} data-testid="hall-custodian">
      <p className="muted">{tx('custodian.hint')}</p>
      {step.error ? <ApiErrorAlert error={step.error} testId="hall-custodian-error" /> : null}
      {progress ? (
        <Alert
          type="success"
          showIcon
          data-testid="hall-custodian-done"
          data-reconstructed={String(progress.reconstructed)}
          title={progress.reconstructed ? tx('custodian.reconstructed') : tx('custodian.received', { received: progress.received, threshold: progress.threshold })}
        />
      ) : (
        <KeyForm testIdPrefix="hall-share" submitText={tx('custodian.submit')} pending={step.pending} onSubmit={(file, pass) => void submit(file, pass)} />
      )}
    </Card>
  );
}
