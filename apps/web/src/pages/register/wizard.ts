import type { NamePath } from 'antd/es/form/interface';
import type { Contact, EntityKind, RegistrationRequest, Role } from '../../api/types';

/** The steps of the registration wizard, in order. */
export const wizardSteps = ['kind', 'identity', 'profile', 'account', 'review'] as const;
export type WizardStep = (typeof wizardSteps)[number];

/** Roles a market player may ask for (the others are granted by an administrator). */
export const selfRegistrableRoles = ['tenderer', 'agency', 'bidder', 'expert', 'financialInstitution'] as const satisfies readonly Role[];

/** Everything the wizard's one form holds; values of steps not on screen are kept. */
export interface WizardValues {
  kind: EntityKind;
  entity: { name?: string; uscc?: string; citizenId?: string; regionCode?: string };
  profile: { legalRepresentative?: string; address?: string; businessScope?: string; contacts: Array<Partial<Contact>> };
  account: { username?: string; displayName?: string; password?: string; confirm?: string; roles?: Role[] };
}

export const initialWizardValues: WizardValues = {
  kind: 'enterprise',
  entity: { regionCode: '520000' },
  profile: { contacts: [{}] },
  account: { roles: [] },
};

const trimmed = (value: string | undefined) => {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
};

/** The request body for POST /api/registrations; only the identifier that fits the kind is sent. */
export function toRegistrationRequest(values: WizardValues): RegistrationRequest {
  const person = values.kind === 'naturalPerson';
  const uscc = person ? undefined : trimmed(values.entity.uscc)?.toUpperCase();
  const citizenId = person ? trimmed(values.entity.citizenId)?.toUpperCase() : undefined;
  const legalRepresentative = person ? undefined : trimmed(values.profile.legalRepresentative);
  const address = trimmed(values.profile.address);
  const businessScope = person ? undefined : trimmed(values.profile.businessScope);
  return {
    entity: {
      kind: values.kind,
      name: (values.entity.name ?? '').trim(),
      ...(uscc === undefined ? {} : { uscc }),
      ...(citizenId === undefined ? {} : { citizenId }),
      regionCode: values.entity.regionCode ?? '',
      profile: {
        ...(legalRepresentative === undefined ? {} : { legalRepresentative }),
        ...(address === undefined ? {} : { address }),
        ...(businessScope === undefined ? {} : { businessScope }),
        contacts: (values.profile.contacts ?? []).map((contact) => {
          const email = trimmed(contact.email);
          return { name: (contact.name ?? '').trim(), phone: (contact.phone ?? '').trim(), ...(email === undefined ? {} : { email }) };
        }),
      },
    },
    account: {
      username: (values.account.username ?? '').trim(),
      password: values.account.password ?? '',
      displayName: (values.account.displayName ?? '').trim(),
      roles: values.account.roles ?? [],
    },
  };
}

/** Where a server refusal belongs: the step and the field that hold the offending value. */
export interface FieldTarget {
  step: WizardStep;
  field?: NamePath;
}

/** Maps the server's error code (and, for schema failures, the JSON path in `details`) to a step and field. */
export function targetOfError(code: string, kind: EntityKind, details: unknown): FieldTarget {
  const identifier: NamePath = kind === 'naturalPerson' ? ['entity', 'citizenId'] : ['entity', 'uscc'];
  if (/^(USCC_|CITIZEN_ID_|IDENTIFIER_REQUIRED$|ENTITY_ALREADY_REGISTERED$)/.test(code)) return { step: 'identity', field: identifier };
  if (code === 'USERNAME_TAKEN') return { step: 'account', field: ['account', 'username'] };
  if (code === 'PASSWORD_TOO_WEAK') return { step: 'account', field: ['account', 'password'] };
  if (code === 'ROLE_NOT_SELF_REGISTRABLE') return { step: 'account', field: ['account', 'roles'] };
  if (code === 'VALIDATION_FAILED' && Array.isArray(details)) {
    const first: unknown = details[0];
    const path = typeof first === 'object' && first !== null && 'path' in first ? String(first.path) : '';
    // `body/entity/profile/contacts/0/phone` (the part of the request, then the JSON pointer).
    const parts = path.split(/[/.[\]]+/).filter((part) => part !== '');
    if (parts[0] === 'body') parts.shift();
    const [section, name, ...rest] = parts;
    if (section === 'entity' && name === 'profile') {
      const field = rest.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      return { step: 'profile', field: ['profile', ...field] };
    }
    if (section === 'entity' && name !== undefined) return { step: 'identity', field: ['entity', name] };
    if (section === 'account' && name !== undefined) return { step: 'account', field: ['account', name] };
  }
  return { step: 'review' };
}
