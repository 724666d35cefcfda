import { Link } from 'react-router';
import { List, Space } from 'antd';
import { formatDateTime, useI18n } from '../i18n';
import type { Tender } from './api';
import { TenderStatusTag, useProcedureName } from './parts';
import { useTenderingText } from './text';

/** One tender in a list: title (linking to `href`), state, procedure, deadline; optional actions. */
export function TenderListItem({ tender, href, now, actions }: { tender: Tender; href: string; now: number; actions?: React.ReactNode }) {
  const text = useTenderingText();
  const { locale } = useI18n();
  const procedureName = useProcedureName();
  return (
    <List.Item className="tender-item" data-testid="tender-item" data-tender={tender.id}>
      <div className="tender-item__body">
        <Space wrap size={[8, 4]}>
          <Link to={href} className="tender-item__title" data-testid="tender-item-link">
            {tender.title}
          </Link>
          <TenderStatusTag tender={tender} now={now} />
        </Space>
        <Space wrap size={[12, 4]} className="muted small">
          <span>{procedureName(tender.procedureType)}</span>
          <span>{text('list.sections', { count: tender.sections.length })}</span>
          <span>{text('list.deadline', { time: formatDateTime(tender.bidDeadline, locale) })}</span>
          <span>{text('list.owner', { name: tender.ownerName })}</span>
          {tender.publishedAt ? <span>{text('list.published', { time: formatDateTime(tender.publishedAt, locale) })}</span> : null}
        </Space>
      </div>
      {actions ? <div>{actions}</div> : null}
    </List.Item>
  );
}
