import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { TenderSectionList } from '../tendering/TenderSectionList';
import { useWorkspaceUser } from '../workspace/useWorkspaceUser';
import { workspacePaths } from '../workspace/paths';
import { useAwardText } from './text';

/** `/workspace/awards` — tenderers and agencies: their tenders' sections; bidders: the published tenders' sections. */
export function AwardListPage() {
  const tx = useAwardText();
  const user = useWorkspaceUser();
  const scope = user.roles.includes('tenderer') || user.roles.includes('agency') ? 'mine' : 'published';
  const tenders = useQuery({ queryKey: ['award', 'tenders', scope], queryFn: ({ signal }) => api.get('/api/tenders', { query: { scope, limit: 100 }, signal }) });
  return (
    <TenderSectionList
      testId="award-list"
      title={tx('list.title')}
      subtitle={tx('list.hint')}
      emptyText={tx('list.empty')}
      tenders={tenders}
      links={[{ to: (id, code) => `${workspacePaths.awards}/${id}/${code}`, text: tx('list.open'), testId: (code) => `award-open-${code}` }]}
    />
  );
}
