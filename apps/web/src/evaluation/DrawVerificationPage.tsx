import './evaluation.css';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { Alert, Card, Descriptions, Spin, Table, Tag } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { SiteFooter } from '../layout/SiteFooter';
import { SiteHeader } from '../layout/SiteHeader';
import { useDrawVerification } from './api';
import { useEvaluationText } from './text';
import { checkDraw } from './verify';

const ok = (good: boolean, yes: string, no: string, testId: string) => (
  <Tag color={good ? 'green' : 'red'} data-testid={testId}>
    {good ? yes : no}
  </Tag>
);

/**
 * `/expert-draws/:id/verify` — public: the revealed seed and logged inputs of a draw, re-run in
 * this browser with the platform's own algorithm (@ggzy/contracts drawPanel and sm-crypto-v2's
 * HMAC-SM3). The page compares its own result with the published panel; the server's flags are
 * shown beside, not relied on.
 */
export function DrawVerificationPage() {
  const tx = useEvaluationText();
  const { id = '' } = useParams();
  const verification = useDrawVerification(id);
  const check = useMemo(() => (verification.data ? checkDraw(verification.data) : null), [verification.data]);
  return (
    <div className="page">
      <SiteHeader />
      <main className="page__main evaluation-public" data-testid="draw-verification-page">
        <Card title={<h1 className="card-title-heading">{tx('verify.title')}</h1>}>
          <p className="muted">{tx('verify.hint')}</p>
          {verification.isPending ? <Spin /> : null}
          {verification.isError ? <ApiErrorAlert error={verification.error} /> : null}
          {verification.data && check ? (
            <>
              <Alert
                type={check.panelMatches && check.commitmentMatches && check.candidateHashMatches ? 'success' : 'error'}
                showIcon
                data-testid="verify-result"
                data-outcome={check.panelMatches && check.commitmentMatches && check.candidateHashMatches ? 'match' : 'mismatch'}
                message={check.panelMatches && check.commitmentMatches && check.candidateHashMatches ? tx('verify.match') : tx('verify.mismatch')}
              />
              <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }}>
                <Descriptions.Item label={tx('verify.algorithm')}>{verification.data.algorithm}</Descriptions.Item>
                <Descriptions.Item label={tx('draw.seed')}>
                  <code className="evaluation-hash">{verification.data.seed}</code>
                </Descriptions.Item>
                <Descriptions.Item label={tx('draw.commitment')}>
                  <code className="evaluation-hash">{verification.data.seedCommitment}</code> {ok(check.commitmentMatches, tx('verify.yes'), tx('verify.no'), 'verify-commitment')}
                </Descriptions.Item>
                <Descriptions.Item label={tx('draw.candidateHash')}>
                  <code className="evaluation-hash">{verification.data.candidateHash}</code> {ok(check.candidateHashMatches, tx('verify.yes'), tx('verify.no'), 'verify-candidates')}
                </Descriptions.Item>
                <Descriptions.Item label={tx('draw.pool')}>{tx('draw.poolCounts', { candidates: verification.data.candidates.length, excluded: verification.data.excluded.length })}</Descriptions.Item>
                <Descriptions.Item label={tx('verify.rounds')}>{verification.data.rounds.length}</Descriptions.Item>
              </Descriptions>
              <h2>{tx('verify.panel')}</h2>
              <Table
                rowKey="expertId"
                size="small"
                pagination={false}
                dataSource={check.panel}
                data-testid="verify-panel"
                columns={[
                  { title: tx('verify.expertId'), dataIndex: 'expertId', render: (v: string) => <code data-testid="verify-panel-expert">{v}</code> },
                  { title: tx('field.specialty'), dataIndex: 'specialty' },
                  { title: tx('draw.drawType'), dataIndex: 'drawType', render: (v: number) => (v === 2 ? tx('draw.supplementaryType') : tx('draw.normalType')) },
                  { title: tx('verify.round'), dataIndex: 'round' },
                ]}
              />
            </>
          ) : null}
        </Card>
      </main>
      <SiteFooter />
    </div>
  );
}
