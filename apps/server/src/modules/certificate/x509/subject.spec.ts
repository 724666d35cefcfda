import { describe, expect, it } from 'vitest';
import { encodeName, formatName } from './name.js';
import { subjectFor } from './subject.js';

describe('subject DN profile', () => {
  it('gives entity certificates the entity name and USCC', () => {
    const attributes = subjectFor({
      displayName: '陈强（投标人）',
      entity: { kind: 'enterprise', name: '贵州黔建工程有限公司', uscc: '91520115MA6E2R0T9X', citizenIdMasked: null },
    });
    expect(formatName(attributes)).toBe('C=CN, CN=贵州黔建工程有限公司, serialNumber=91520115MA6E2R0T9X');
  });

  it('gives natural persons their name and the masked citizen id, never the full id', () => {
    const attributes = subjectFor({
      displayName: 'li4',
      entity: { kind: 'naturalPerson', name: '李四', uscc: null, citizenIdMasked: '5201**********001X' },
    });
    expect(formatName(attributes)).toBe('C=CN, CN=李四, serialNumber=5201**********001X');
    expect(() => encodeName(attributes)).not.toThrow();
  });

  it('uses the display name for users without an entity (experts)', () => {
    expect(formatName(subjectFor({ displayName: '张卫东（评标专家）', entity: null }))).toBe('C=CN, CN=张卫东（评标专家）');
  });
});
