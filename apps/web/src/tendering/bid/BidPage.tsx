import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Popconfirm, Progress, Space, Table, Tag } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { SEALED_BID_CHUNK_BYTES } from '@ggzy/contracts';
import { ApiError } from '../../api/client';
import { ApiErrorAlert, errorText } from '../../components/ApiErrorAlert';
import { FileField } from '../../components/FileField';
import { formatDateTime, useI18n } from '../../i18n';
import { useWorkspaceUser } from '../../workspace/useWorkspaceUser';
import { type BidReceipt, bidKeys, bidReceipt, type MyBid, openingKey, useMyBids, useMyRegistration, useTender, withdrawBid } from './api';
import { ReceiptCard } from './ReceiptCard';
import type { BidUploader } from './submit';
import { formatBytes, useBidText } from './text';

/** Files above this are better sealed with the CLI (npx ggzy-bidtool): the page holds the sealed chunks in memory. */
const BROWSER_LIMIT_BYTES = 200 * 1024 * 1024;

interface FormValues {
  file: File | null;
  price: string;
  duration: string;
  quality: string;
  keyFile: File | null;
  certificateFile: File | null;
  passphrase: string;
}

type Phase = { kind: 'idle' } | { kind: 'sealing' | 'uploading'; percent: number } | { kind: 'committing' } | { kind: 'interrupted'; error: unknown } | { kind: 'failed'; error: unknown };

/** `/workspace/bids/:tenderId/:sectionCode` — prepare, seal, sign and submit a bid; my versions, receipts, withdrawal. */
export function BidPage() {
  const { tenderId = '', sectionCode = '' } = useParams();
  const tx = useBidText();
  const { t, locale } = useI18n();
  const user = useWorkspaceUser();
  const client = useQueryClient();
  const tender = useTender(tenderId);
  const mine = useMyBids(tenderId);
  const registration = useMyRegistration(tenderId);
  const [form] = Form.useForm<FormValues>();
  const file = Form.useWatch('file', form);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [receipt, setReceipt] = useState<BidReceipt | null>(null);
  const [shown, setShown] = useState<BidReceipt | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const uploader = useRef<BidUploader | null>(null);
  // The page's own clock is only a hint here; the server decides on the deadline by its time.
  const [openedAt] = useState(Date.now);

  const section = tender.data?.sections.find((s) => s.sectionCode === sectionCode);
  const bids = (mine.data?.items ?? []).filter((b) => b.sectionCode === sectionCode);
  const nextVersion = bids.reduce((max, b) => Math.max(max, b.version), 0) + 1;
  const busy = phase.kind === 'sealing' || phase.kind === 'uploading' || phase.kind === 'committing';

  const refresh = () => client.invalidateQueries({ queryKey: bidKeys.myBids(tenderId) });

  const upload = async (current: BidUploader) => {
    setPhase({ kind: 'uploading', percent: 0 });
    try {
      const done = await current.run((sent, total) => setPhase(sent === total ? { kind: 'committing' } : { kind: 'uploading', percent: Math.floor((sent / total) * 100) }));
      uploader.current = null;
      setReceipt(done);
      setPhase({ kind: 'idle' });
      form.resetFields();
      await refresh();
    } catch (error) {
      // A refusal by the server is final for this upload; a network failure may be resumed.
      setPhase(error instanceof ApiError ? { kind: 'failed', error } : { kind: 'interrupted', error });
      if (error instanceof ApiError) uploader.current = null;
    }
  };

  const submit = async (values: FormValues) => {
    if (!values.file || !values.keyFile || !values.certificateFile) return;
    setReceipt(null);
    setPhase({ kind: 'sealing', percent: 0 });
    try {
      const [{ unlockSigner }, { prepareBid, BidUploader: Uploader }] = await Promise.all([import('./unlock'), import('./submit')]);
      const signer = await unlockSigner(values.keyFile, values.certificateFile, values.passphrase);
      const key = await openingKey(tenderId);
      const prepared = await prepareBid({
        tenderId,
        sectionCode,
        bidderId: user.id,
        version: nextVersion,
        file: values.file,
        summary: { price: values.price, duration: values.duration, quality: values.quality },
        signer,
        openingPublicKey: key.publicKey,
        chunkSize: SEALED_BID_CHUNK_BYTES,
        onProgress: (doneBytes, total) => setPhase({ kind: 'sealing', percent: total === 0 ? 100 : Math.floor((doneBytes / total) * 100) }),
      });
      uploader.current = new Uploader(prepared);
    } catch (error) {
      setPhase({ kind: 'failed', error });
      return;
    }
    await upload(uploader.current);
  };

  const withdraw = async (bid: MyBid) => {
    setActionError(null);
    try {
      await withdrawBid(bid.id, crypto.randomUUID());
      await refresh();
    } catch (error) {
      setActionError(error);
    }
  };

  const showReceipt = async (bid: MyBid) => {
    setActionError(null);
    try {
      setShown(await bidReceipt(bid.id));
    } catch (error) {
      setActionError(error);
    }
  };

  const passed = tender.data ? openedAt >= Date.parse(tender.data.bidDeadline) : false;
  const problem = phase.kind === 'failed' || phase.kind === 'interrupted' ? phase.error : null;

  return (
    <div className="workspace-page" data-testid="bid-page">
      {tender.isError ? <ApiErrorAlert error={tender.error} /> : null}
      <Card
        title={<h1 className="card-title-heading">{tender.data?.title ?? '…'}</h1>}
        extra={<Link to={`/workspace/openings/${tenderId}/${sectionCode}`}>{tx('list.hall')}</Link>}
      >
        <p>
          {tx('page.section')}：{section?.name ?? ''} <code>{sectionCode}</code>
        </p>
        <p data-testid="bid-deadline">
          {tx('page.deadline')}：{tender.data ? formatDateTime(tender.data.bidDeadline, locale) : '…'} {passed ? <Tag color="red">{tx('page.passed')}</Tag> : null}
        </p>
        {registration.data && registration.data.registeredAt === null ? <Alert type="warning" showIcon title={tx('page.notRegistered')} /> : null}
      </Card>

      <Card title={tx('mine.title')} style={{ marginTop: 16 }}>
        {actionError ? <ApiErrorAlert error={actionError} testId="bid-action-error" /> : null}
        <Table<MyBid>
          size="small"
          rowKey="id"
          loading={mine.isPending}
          dataSource={bids}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: tx('mine.empty') }}
          onRow={(bid) => ({ 'data-testid': `bid-row-v${bid.version}`, 'data-status': bid.status }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: tx('mine.version'), dataIndex: 'version' },
            {
              title: tx('mine.status'),
              dataIndex: 'status',
              render: (status: MyBid['status']) => <Tag color={status === 'submitted' ? 'green' : 'default'}>{tx(`mine.status.${status}`)}</Tag>,
            },
            { title: tx('mine.receivedAt'), dataIndex: 'receivedAt', render: (at: string) => formatDateTime(at, locale) },
            { title: tx('mine.package'), dataIndex: 'packageSm3', render: (h: string) => <code title={h}>{h.slice(0, 16)}…</code> },
            { title: tx('mine.size'), dataIndex: 'size', render: (size: number) => formatBytes(size) },
            {
              title: tx('mine.actions'),
              render: (_: unknown, bid) => (
                <Space wrap>
                  <Button size="small" onClick={() => void showReceipt(bid)} data-testid={`bid-verify-v${bid.version}`}>
                    {tx('mine.verify')}
                  </Button>
                  {bid.status === 'submitted' ? (
                    <Popconfirm title={tx('mine.withdrawConfirm')} onConfirm={() => withdraw(bid)} okButtonProps={{ 'data-testid': 'bid-withdraw-confirm' } as Record<string, string>}>
                      <Button size="small" danger data-testid={`bid-withdraw-v${bid.version}`}>
                        {tx('mine.withdraw')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
        {shown ? (
          <div style={{ marginTop: 12 }}>
            <ReceiptCard key={`${shown.bidId}-${shown.signature}`} receipt={shown} />
          </div>
        ) : null}
      </Card>

      <Card title={tx('form.title', { version: nextVersion })} style={{ marginTop: 16 }}>
        {nextVersion > 1 ? <Alert type="info" showIcon title={tx('form.modify', { version: nextVersion })} style={{ marginBottom: 16 }} /> : null}
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={busy}
          onFinish={(values) => void submit(values)}
          initialValues={{ file: null, price: '', duration: '', quality: '', keyFile: null, certificateFile: null, passphrase: '' }}
        >
          <Form.Item name="file" label={tx('form.file')} rules={[{ required: true, message: tx('form.file.required') }]}>
            <FileField testId="bid-file" buttonText={tx('form.file.choose')} />
          </Form.Item>
          {file && file.size > BROWSER_LIMIT_BYTES ? (
            <Alert type="warning" showIcon title={tx('form.file.large', { size: formatBytes(file.size) })} style={{ marginBottom: 16 }} data-testid="bid-file-large" />
          ) : null}
          <fieldset className="bid-fieldset">
            <legend>{tx('form.summary')}</legend>
            <Form.Item name="price" label={tx('form.price')} rules={[{ required: true, pattern: /^\d{1,15}(\.\d{1,2})?$/, message: tx('form.price.invalid') }]}>
              <Input inputMode="decimal" data-testid="bid-price" />
            </Form.Item>
            <Form.Item name="duration" label={tx('form.duration')} rules={[{ required: true, message: tx('form.required') }]}>
              <Input data-testid="bid-duration" />
            </Form.Item>
            <Form.Item name="quality" label={tx('form.quality')} rules={[{ required: true, message: tx('form.required') }]}>
              <Input data-testid="bid-quality" />
            </Form.Item>
          </fieldset>
          <Form.Item name="keyFile" label={tx('form.key')} extra={tx('form.keyHint')} rules={[{ required: true, message: tx('form.required') }]}>
            <FileField testId="bid-key" accept=".p8,.pem,.key,.pk8" buttonText={t('cert.files.choose')} />
          </Form.Item>
          <Form.Item name="certificateFile" label={tx('form.certificate')} rules={[{ required: true, message: tx('form.required') }]}>
            <FileField testId="bid-certificate" accept=".pem,.crt,.cer,.der" buttonText={t('cert.files.choose')} />
          </Form.Item>
          <Form.Item name="passphrase" label={tx('form.passphrase')} rules={[{ required: true, message: tx('form.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="off" data-testid="bid-passphrase" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="bid-submit">
            {tx('form.submit')}
          </Button>
        </Form>
        {phase.kind === 'sealing' || phase.kind === 'uploading' || phase.kind === 'committing' ? (
          <div data-testid="bid-progress" data-phase={phase.kind} style={{ marginTop: 16 }}>
            <div>{tx(`progress.${phase.kind}`)}</div>
            <Progress percent={phase.kind === 'committing' ? 100 : phase.percent} status="active" />
          </div>
        ) : null}
        {problem ? (
          <div style={{ marginTop: 16 }}>
            <Alert
              type="error"
              showIcon
              data-testid="bid-error"
              data-code={problem instanceof ApiError ? problem.code : 'client'}
              title={phase.kind === 'interrupted' ? tx('progress.interrupted', { message: errorText(problem, t) }) : problem instanceof ApiError ? problem.message : problem instanceof Error && problem.name === 'NotSm2CertificateError' ? tx('form.notSm2') : errorText(problem, t) === t('error.unknown') && problem instanceof Error ? problem.message : errorText(problem, t)}
            />
            {phase.kind === 'interrupted' ? (
              <Button style={{ marginTop: 8 }} onClick={() => uploader.current && void upload(uploader.current)} data-testid="bid-resume">
                {tx('progress.resume')}
              </Button>
            ) : null}
          </div>
        ) : null}
        {receipt ? (
          <div style={{ marginTop: 16 }}>
            <ReceiptCard receipt={receipt} />
          </div>
        ) : null}
      </Card>
    </div>
  );
}
