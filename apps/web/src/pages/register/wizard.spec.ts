import { describe, expect, it } from 'vitest';
import { initialWizardValues, targetOfError, toRegistrationRequest, type WizardValues } from './wizard';

const values: WizardValues = {
  kind: 'enterprise',
  entity: { name: ' 贵州测试建设有限公司 ', uscc: '91520115ma6e2r0t9x', citizenId: '520102199003071234', regionCode: '520115' },
  profile: {
    legalRepresentative: '张三',
    address: ' ',
    businessScope: '施工',
    contacts: [{ name: '李四', phone: '0851-1234567', email: '' }],
  },
  account: { username: 'newbidder', displayName: '李四', password: 'Secret@2026', confirm: 'Secret@2026', roles: ['bidder'] },
};

describe('registration wizard', () => {
  it('sends only what fits the kind, trimmed, without empty optional fields', () => {
    expect(toRegistrationRequest(values)).toEqual({
      entity: {
        kind: 'enterprise',
        name: '贵州测试建设有限公司',
        uscc: '91520115MA6E2R0T9X',
        regionCode: '520115',
        profile: { legalRepresentative: '张三', businessScope: '施工', contacts: [{ name: '李四', phone: '0851-1234567' }] },
      },
      account: { username: 'newbidder', password: 'Secret@2026', displayName: '李四', roles: ['bidder'] },
    });
    const person = toRegistrationRequest({ ...values, kind: 'naturalPerson' });
    expect(person.entity).toMatchObject({ kind: 'naturalPerson', citizenId: '520102199003071234' });
    expect(person.entity.uscc).toBeUndefined();
    expect(person.entity.profile.legalRepresentative).toBeUndefined();
    expect(initialWizardValues.profile.contacts).toHaveLength(1);
  });

  it('sends server refusals to the step and field that hold the value', () => {
    expect(targetOfError('USCC_CHECK', 'enterprise', null)).toEqual({ step: 'identity', field: ['entity', 'uscc'] });
    expect(targetOfError('ENTITY_ALREADY_REGISTERED', 'naturalPerson', null)).toEqual({ step: 'identity', field: ['entity', 'citizenId'] });
    expect(targetOfError('USERNAME_TAKEN', 'enterprise', null)).toEqual({ step: 'account', field: ['account', 'username'] });
    expect(targetOfError('VALIDATION_FAILED', 'enterprise', [{ path: 'body/entity/profile/contacts/0/phone', message: 'x' }])).toEqual({
      step: 'profile',
      field: ['profile', 'contacts', 0, 'phone'],
    });
    expect(targetOfError('VALIDATION_FAILED', 'enterprise', [{ path: '/account/username', message: 'x' }])).toEqual({
      step: 'account',
      field: ['account', 'username'],
    });
    expect(targetOfError('RATE_LIMITED', 'enterprise', null)).toEqual({ step: 'review' });
  });
});
