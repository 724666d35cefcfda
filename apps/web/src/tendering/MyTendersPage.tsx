import './tendering.css';
import { Link } from 'react-router';
import { Button, Card, Empty, List } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { RequireRoles } from '../components/RequireRoles';
import { useTenders } from './api';
import { useServerNow } from '../api/serverTime';
import { tenderingPaths } from './paths';
import { TenderListItem } from './TenderListItem';
import { useTenderingText } from './text';

/** `/workspace/tenders` — 招标公告 (tenderers, agencies): my tenders, newest first, with their state. */
export function MyTendersPage() {
  const text = useTenderingText();
  const tenders = useTenders('mine');
  const now = useServerNow();
  return (
    <RequireRoles roles={['tenderer', 'agency']}>
      <div className="workspace-page" data-testid="my-tenders-page">
        <Card
          title={<h1 className="card-title-heading">{text('mine.title')}</h1>}
          extra={
            <Link to={tenderingPaths.create}>
              <Button type="primary" icon={<PlusOutlined />} data-testid="tender-create">
                {text('mine.create')}
              </Button>
            </Link>
          }
        >
          {tenders.isError ? (
            <ApiErrorAlert error={tenders.error} onRetry={() => void tenders.refetch()} />
          ) : (
            <List
              loading={tenders.isPending}
              dataSource={tenders.data?.items ?? []}
              locale={{ emptyText: <Empty description={text('mine.empty')} /> }}
              renderItem={(tender) => <TenderListItem tender={tender} now={now} href={tenderingPaths.manage(tender.id)} />}
              data-testid="my-tenders-list"
            />
          )}
        </Card>
      </div>
    </RequireRoles>
  );
}
