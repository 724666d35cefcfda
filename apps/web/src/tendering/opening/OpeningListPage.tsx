import { usePublishedTenders } from '../bid/api';
import { TenderSectionList } from '../TenderSectionList';
import { useOpeningText } from './text';

/** `/workspace/openings` — published tenders and their sections, each with its opening hall. */
export function OpeningListPage() {
  const tx = useOpeningText();
  return (
    <TenderSectionList
      testId="opening-list"
      title={tx('list.title')}
      subtitle={tx('list.subtitle')}
      emptyText={tx('list.empty')}
      tenders={usePublishedTenders()}
      deadlineLabel=""
      links={[{ to: (id, code) => `/workspace/openings/${id}/${code}`, text: tx('list.enter'), testId: (code) => `hall-enter-${code}` }]}
    />
  );
}
