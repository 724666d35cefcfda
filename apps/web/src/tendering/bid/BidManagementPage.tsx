import { TenderSectionList } from '../TenderSectionList';
import { usePublishedTenders } from './api';
import { useBidText } from './text';

/** `/workspace/bids` — published tenders with, per section, the bid page and the opening hall. */
export function BidManagementPage() {
  const tx = useBidText();
  return (
    <TenderSectionList
      testId="bid-list"
      title={tx('list.title')}
      subtitle={tx('list.subtitle')}
      emptyText={tx('list.empty')}
      tenders={usePublishedTenders()}
      deadlineLabel={`${tx('list.deadline')}：`}
      links={[
        { to: (id, code) => `/workspace/bids/${id}/${code}`, text: tx('list.prepare'), testId: (code) => `bid-prepare-${code}` },
        { to: (id, code) => `/workspace/openings/${id}/${code}`, text: tx('list.hall'), testId: (code) => `bid-hall-${code}` },
      ]}
    />
  );
}
