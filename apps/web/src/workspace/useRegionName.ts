import { useRegion } from '../api/queries';

/** A region code as its name (e.g. 520102 → 南明区), or the code itself while unknown. */
export function useRegionName(code: string | null): string | null {
  const region = useRegion(code);
  if (code === null) return null;
  return region.data?.name ?? code;
}
