import './tendering.css';
import { useState } from 'react';
import { App as AntApp, Button, Card, Empty, List, Space } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { ReasonDialog } from '../components/ReasonDialog';
import { RequireRoles } from '../components/RequireRoles';
import { type Tender, useReviewTender, useTenders } from './api';
import { useServerNow } from '../api/serverTime';
import { tenderingPaths } from './paths';
import { TenderListItem } from './TenderListItem';
import { useTenderingText } from './text';

/** `/workspace/tender-review` — 招标公告审核 (centre staff): publish a submitted announcement, or return it with a reason. */
export function TenderReviewPage() {
  const text = useTenderingText();
  const queue = useTenders('review');
  const now = useServerNow();
  return (
    <RequireRoles roles={['centreStaff']}>
      <div className="workspace-page" data-testid="tender-review-page">
        <Card title={<h1 className="card-title-heading">{text('review.title')}</h1>}>
          {queue.isError ? (
            <ApiErrorAlert error={queue.error} onRetry={() => void queue.refetch()} />
          ) : (
            <List
              loading={queue.isPending}
              dataSource={queue.data?.items ?? []}
              locale={{ emptyText: <Empty description={text('review.empty')} /> }}
              renderItem={(tender) => <TenderListItem tender={tender} now={now} href={tenderingPaths.manage(tender.id)} actions={<ReviewActions tender={tender} />} />}
              data-testid="tender-review-list"
            />
          )}
        </Card>
      </div>
    </RequireRoles>
  );
}

/** Approve (publish: documents issued now) or return with a reason; the server re-checks the 20 days at this instant. */
export function ReviewActions({ tender }: { tender: Tender }) {
  const text = useTenderingText();
  const { message } = AntApp.useApp();
  const review = useReviewTender();
  const [rejecting, setRejecting] = useState(false);
  return (
    <Space wrap>
      <Button
        type="primary"
        icon={<CheckOutlined />}
        loading={review.isPending}
        data-testid="tender-approve"
        onClick={() => review.mutate({ id: tender.id, body: { approve: true } }, { onSuccess: () => void message.success(text('review.approved', { title: tender.title })) })}
      >
        {text('review.approve')}
      </Button>
      <Button danger icon={<RollbackOutlined />} onClick={() => setRejecting(true)} data-testid="tender-reject">
        {text('review.reject')}
      </Button>
      {review.isError ? <ApiErrorAlert error={review.error} testId="tender-review-error" /> : null}
      <RejectDialog tender={rejecting ? tender : null} onClose={() => setRejecting(false)} />
    </Space>
  );
}

function RejectDialog({ tender, onClose }: { tender: Tender | null; onClose: () => void }) {
  const text = useTenderingText();
  const { message } = AntApp.useApp();
  const review = useReviewTender();
  return (
    <ReasonDialog
      open={tender !== null}
      subject={tender?.title}
      texts={{ title: text('review.rejectTitle'), ok: text('review.confirmReject'), cancel: text('review.cancel'), label: text('review.reason'), required: text('review.reason.required') }}
      testIds={{ confirm: 'tender-reject-confirm', input: 'tender-reject-reason' }}
      pending={review.isPending}
      error={review.isError ? review.error : null}
      onClose={onClose}
      onSubmit={(reason, done) => {
        if (!tender) return;
        review.mutate(
          { id: tender.id, body: { approve: false, reason: reason.trim() } },
          {
            onSuccess: () => {
              void message.success(text('review.rejected', { title: tender.title }));
              done();
            },
          },
        );
      }}
    />
  );
}
