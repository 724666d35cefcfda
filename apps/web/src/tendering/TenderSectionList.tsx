import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Card, Empty, List, Space } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { formatDateTime, useI18n } from '../i18n';
import type { Tender } from './api';

export interface SectionLink {
  to: (tenderId: string, sectionCode: string) => string;
  text: string;
  testId: (sectionCode: string) => string;
}

/**
 * A workspace page listing tenders section by section, each section with its links (bid, opening
 * hall, award…): the one list behind 投标管理, 开标大厅 and 中标结果.
 */
export function TenderSectionList(props: {
  testId: string;
  title: string;
  subtitle: string;
  emptyText: string;
  tenders: UseQueryResult<{ items: Tender[] }>;
  links: readonly SectionLink[];
  /** Shown before the deadline, e.g. "投标截止："; no deadline line when omitted. */
  deadlineLabel?: ReactNode;
}) {
  const { locale } = useI18n();
  const { tenders } = props;
  return (
    <div className="workspace-page" data-testid={props.testId}>
      <Card title={<h1 className="card-title-heading">{props.title}</h1>}>
        <p className="muted">{props.subtitle}</p>
        {tenders.isError ? <ApiErrorAlert error={tenders.error} /> : null}
        <List
          loading={tenders.isPending}
          dataSource={tenders.data?.items ?? []}
          locale={{ emptyText: <Empty description={props.emptyText} /> }}
          renderItem={(tender) => (
            <List.Item data-testid={`${props.testId}-tender-${tender.id}`}>
              <List.Item.Meta
                title={tender.title}
                description={
                  <>
                    {props.deadlineLabel === undefined ? null : (
                      <div>
                        {props.deadlineLabel}
                        {formatDateTime(tender.bidDeadline, locale)}
                      </div>
                    )}
                    {tender.sections.map((section) => (
                      <Space key={section.sectionCode} wrap>
                        <span>
                          {section.name} <code>{section.sectionCode}</code>
                        </span>
                        {props.links.map((link) => (
                          <Link key={link.text} to={link.to(tender.id, section.sectionCode)} data-testid={link.testId(section.sectionCode)}>
                            {link.text}
                          </Link>
                        ))}
                      </Space>
                    ))}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
