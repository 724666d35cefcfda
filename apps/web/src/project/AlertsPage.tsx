import './project.css';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Card, Col, Empty, List, Row, Segmented, Select, Spin, Statistic } from 'antd';
import { LIFECYCLE_ALERT_KINDS, type LifecycleAlertKind } from '@ggzy/contracts';
import { provinceCode, useRegions } from '../api/queries';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { useIsPhone } from '../layout/useIsPhone';
import { RequireRoles } from '../components/RequireRoles';
import { formatDateTime, useI18n } from '../i18n';
import { BarChart } from './BarChart';
import { useProjectText } from './messages';
import { AlertItem } from './ProjectPage';
import { projectPaths } from './paths';
import { useAlerts, useAlertSummary } from './queries';

type KindFilter = LifecycleAlertKind | 'all';
const kindOptions: readonly KindFilter[] = ['all', ...LIFECYCLE_ALERT_KINDS];

/**
 * `/workspace/alerts` — 预警监督 (supervisors): open lifecycle alerts with the reason and the
 * evidence, counted by kind, by prefecture and by reporting department.
 */
export function AlertsPage() {
  const text = useProjectText();
  const { locale } = useI18n();
  const phone = useIsPhone();
  const [kind, setKind] = useState<KindFilter>('all');
  const [region, setRegion] = useState<string | undefined>(undefined);
  const summary = useAlertSummary();
  const alerts = useAlerts({ ...(kind === 'all' ? {} : { kind }), ...(region ? { regionCode: region } : {}), limit: 200 });
  const prefectures = useRegions(provinceCode);
  const regionNames = useMemo(() => new Map((prefectures.data?.items ?? []).map((r) => [r.code, r.name])), [prefectures.data]);

  const byRegion = useMemo(
    () => (summary.data?.byRegion ?? []).map((r) => ({ name: r.key === null ? text('alerts.unknownRegion') : (regionNames.get(r.key) ?? r.key), value: r.count })),
    [summary.data, regionNames, text],
  );
  const byDepartment = useMemo(() => (summary.data?.byDepartment ?? []).map((d) => ({ name: d.name ?? d.key ?? text('alerts.unknownDepartment'), value: d.count })), [summary.data, text]);
  const kindCount = (k: LifecycleAlertKind) => summary.data?.byKind.find((c) => c.key === k)?.count ?? 0;

  return (
    <RequireRoles roles={['supervisor', 'centreStaff', 'admin']}>
      <div className="workspace-page" data-testid="alerts-page">
        <Card title={<h1 className="card-title-heading">{text('alerts.title')}</h1>} extra={summary.isFetching ? <Spin size="small" /> : null}>
          {summary.isError ? <ApiErrorAlert error={summary.error} onRetry={() => void summary.refetch()} /> : null}
          <Row gutter={[12, 12]} data-testid="alert-counts">
            <Col xs={12} md={8} xl={4}>
              <Statistic title={text('alerts.total')} value={summary.data?.total ?? 0} data-testid="alert-count-total" />
            </Col>
            {LIFECYCLE_ALERT_KINDS.map((k) => (
              <Col xs={12} md={8} xl={5} key={k}>
                <Statistic title={text(`alert.${k}`)} value={kindCount(k)} valueStyle={kindCount(k) > 0 ? { color: '#cf1322' } : undefined} data-testid={`alert-count-${k}`} />
              </Col>
            ))}
          </Row>
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={<h2 className="card-title-heading">{text('alerts.byRegion')}</h2>} data-testid="alerts-by-region">
              {byRegion.length > 0 ? <BarChart bars={byRegion} colour="#cf1322" testId="alerts-region-chart" /> : <Empty description={text('alerts.empty')} />}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={<h2 className="card-title-heading">{text('alerts.byDepartment')}</h2>} data-testid="alerts-by-department">
              {byDepartment.length > 0 ? <BarChart bars={byDepartment} colour="#1677ff" testId="alerts-department-chart" /> : <Empty description={text('alerts.empty')} />}
            </Card>
          </Col>
        </Row>
        <Card>
          <div className="toolbar">
            {phone ? (
              <Select<KindFilter>
                className="region-filter"
                value={kind}
                onChange={setKind}
                aria-label={text('alerts.filter.kind')}
                options={kindOptions.map((value) => ({ value, label: value === 'all' ? text('alerts.filter.all') : text(`alert.${value}`) }))}
                data-testid="alerts-kind-filter"
              />
            ) : (
              <Segmented<KindFilter>
                value={kind}
                onChange={setKind}
                options={kindOptions.map((value) => ({
                  value,
                  label: <span data-testid={`alerts-filter-${value}`}>{value === 'all' ? text('alerts.filter.all') : text(`alert.${value}`)}</span>,
                }))}
              />
            )}
            <Select
              allowClear
              placeholder={text('alerts.filter.region')}
              className="region-filter"
              value={region}
              onChange={(value: string | undefined) => setRegion(value)}
              options={(prefectures.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))}
              data-testid="alerts-region-filter"
            />
          </div>
          {alerts.isError ? (
            <ApiErrorAlert error={alerts.error} onRetry={() => void alerts.refetch()} />
          ) : (
            <List
              loading={alerts.isPending}
              dataSource={alerts.data?.items ?? []}
              locale={{ emptyText: <Empty description={text('alerts.empty')} /> }}
              data-testid="alerts-list"
              renderItem={(alert) => (
                <List.Item className="alert-row" data-testid={`alert-row-${alert.kind}`}>
                  <div className="alert-row__body">
                    <div className="alert-row__head">
                      {alert.projectId ? (
                        <Link to={projectPaths.detail(alert.projectId)} className="alert-row__project">
                          {alert.projectName ?? alert.investProjectCode}
                        </Link>
                      ) : (
                        <span className="alert-row__project">{alert.projectName ?? alert.investProjectCode ?? alert.dossierKey}</span>
                      )}
                      <span className="muted">
                        {alert.regionCode ? (regionNames.get(`${alert.regionCode.slice(0, 4)}00`) ?? alert.regionCode) : text('alerts.unknownRegion')}
                        {alert.departmentName ? ` · ${alert.departmentName}` : ''} · {text('alerts.raised', { time: formatDateTime(alert.raisedAt, locale) })}
                      </span>
                    </div>
                    <AlertItem alert={alert} />
                  </div>
                </List.Item>
              )}
            />
          )}
        </Card>
      </div>
    </RequireRoles>
  );
}
