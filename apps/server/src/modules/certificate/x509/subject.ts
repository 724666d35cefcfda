import type { NameAttribute } from './name.js';
import { OID } from './oids.js';

/**
 * The subject DN profile of certificates the platform CA issues. The subject always comes from
 * the platform's records, never from the CSR:
 *
 * - Entity certificate (the user acts for an organisation with a USCC — enterprise, public
 *   institution, other organisation):  C=CN, CN=<entity name>, serialNumber=<USCC>
 *   The USCC (GB 32100, 18 characters) is the organisation's unique identifier, so it goes in
 *   serialNumber (X.520 §6.2.9, PrintableString) rather than in OU, which names a unit.
 * - Person certificate (natural-person entities, experts and other users without an entity):
 *   C=CN, CN=<the person's name>, serialNumber=<masked citizen id> when the registration
 *   records hold one (the registration module's masked copy, e.g. 5201**********001X; written
 *   as UTF8String because PrintableString has no '*'). The full id never enters a certificate.
 *
 * Which user holds a certificate is recorded by the platform (the issued-certificate record), so
 * several users of one entity hold different certificates with the same entity subject.
 */
export interface Holder {
  displayName: string;
  entity: { kind: string; name: string; uscc: string | null; citizenIdMasked: string | null } | null;
}

export function subjectFor(holder: Holder): NameAttribute[] {
  const { entity } = holder;
  if (entity?.uscc && entity.kind !== 'naturalPerson') {
    return [
      { oid: OID.countryName, value: 'CN' },
      { oid: OID.commonName, value: entity.name },
      { oid: OID.serialNumber, value: entity.uscc },
    ];
  }
  const person = entity?.kind === 'naturalPerson' ? entity : null;
  return [
    { oid: OID.countryName, value: 'CN' },
    { oid: OID.commonName, value: person ? person.name : holder.displayName },
    ...(person?.citizenIdMasked ? [{ oid: OID.serialNumber, value: person.citizenIdMasked }] : []),
  ];
}
