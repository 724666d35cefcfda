import { Table } from 'antd';
import type { AwardCandidate } from './api';
import { useAwardText } from './text';

/** The ranked candidates (name, price, score), as the publicity shows them. */
export function CandidatesTable({ candidates, winnerRank }: { candidates: readonly AwardCandidate[]; winnerRank?: number | null }) {
  const tx = useAwardText();
  return (
    <Table<AwardCandidate>
      rowKey="rank"
      size="small"
      pagination={false}
      dataSource={[...candidates]}
      data-testid="award-candidates"
      columns={[
        { title: tx('candidates.rank'), dataIndex: 'rank', render: (v: number) => (v === winnerRank ? `${v} ★` : v) },
        { title: tx('candidates.name'), dataIndex: 'bidderName', render: (v: string) => <span data-testid="candidate-name">{v}</span> },
        { title: tx('candidates.price'), dataIndex: 'price' },
        { title: tx('candidates.score'), dataIndex: 'score', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}
