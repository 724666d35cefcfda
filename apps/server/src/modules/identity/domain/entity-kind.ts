/** The kinds of market entity (市场主体) that register on the platform. */
export const ENTITY_KINDS = ['enterprise', 'publicInstitution', 'otherOrganisation', 'naturalPerson'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export function toEntityKind(value: string): EntityKind {
  const kind = ENTITY_KINDS.find((k) => k === value);
  if (!kind) throw new Error(`Unknown entity kind in the database: ${value}`);
  return kind;
}
