import { describe, expect, it } from 'vitest';
import { usccCheckCharacter, citizenIdCheckCharacter } from '@ggzy/contracts';
import { citizenIdMessage, todayInChina, usccMessage } from './identifiers';
import { passwordReport, USERNAME_PATTERN } from './password';

const body = '91520115MA6E2R0T9';
const uscc = body + usccCheckCharacter(body);
const wrongCheck = body + (usccCheckCharacter(body) === 'A' ? 'B' : 'A');
const idBody = '52010219900307123';
const citizenId = idBody + citizenIdCheckCharacter(idBody);

describe('registration identifier checks', () => {
  it('accepts a valid USCC and names the expected check character of a wrong one', () => {
    expect(usccMessage(uscc, true)).toBeUndefined();
    expect(usccMessage(uscc.toLowerCase(), true)).toBeUndefined();
    expect(usccMessage(wrongCheck, false)).toEqual({
      key: 'register.uscc.check',
      params: { expected: usccCheckCharacter(body), actual: wrongCheck.charAt(17) },
    });
  });

  it('names a forbidden character as soon as it is typed, and the length only when complete', () => {
    expect(usccMessage('91520I', false)).toEqual({ key: 'register.uscc.character', params: { position: 6, character: 'I' } });
    expect(usccMessage('9152', false)).toBeUndefined();
    expect(usccMessage('9152', true)).toEqual({ key: 'register.uscc.length', params: { length: 4 } });
    expect(usccMessage('', true)).toEqual({ key: 'register.uscc.required' });
    expect(usccMessage(`${uscc}1`, false)).toMatchObject({ key: 'register.uscc.length' });
  });

  it('checks citizen IDs: characters, birth date and check character', () => {
    const today = '2026-11-27';
    expect(citizenIdMessage(citizenId, true, today)).toBeUndefined();
    expect(citizenIdMessage('52010X', false, today)).toEqual({
      key: 'register.citizenId.character',
      params: { position: 6, character: 'X' },
    });
    expect(citizenIdMessage('520102199002301234', true, today)).toMatchObject({ key: 'register.citizenId.birthDate' });
    const wrong = idBody + (citizenIdCheckCharacter(idBody) === '1' ? '2' : '1');
    expect(citizenIdMessage(wrong, true, today)).toMatchObject({
      key: 'register.citizenId.check',
      params: { expected: citizenIdCheckCharacter(idBody) },
    });
  });

  it('gives today in China', () => {
    expect(todayInChina(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28');
  });
});

describe('password rule', () => {
  it('needs 8 characters from 3 classes', () => {
    expect(passwordReport('Demo@2026').ok).toBe(true);
    expect(passwordReport('abcdefgh')).toMatchObject({ ok: false, classes: 1 });
    expect(passwordReport('Abcdefg1')).toMatchObject({ ok: true, classes: 3 });
    expect(passwordReport('Ab1!')).toMatchObject({ ok: false, length: 4 });
  });

  it('uses the server username pattern', () => {
    expect(USERNAME_PATTERN.test('newbidder')).toBe(true);
    expect(USERNAME_PATTERN.test('1abc')).toBe(false);
    expect(USERNAME_PATTERN.test('abc')).toBe(false);
  });
});
