import { describe, expect, it } from 'vitest';
import { checkCitizenId, citizenIdCheckCharacter, maskCitizenId } from './citizen-id.js';
import { checkUscc, usccCheckCharacter } from './uscc.js';

describe('USCC (GB 32100-2015, codes.md §4)', () => {
  it.each(['914403001922038216', '9144030071526726XG', '91350200776049653A', '91430111MA4L41YT1U'])(
    'accepts the publicly known valid code %s',
    (code) => expect(checkUscc(code)).toBeUndefined(),
  );

  it('computes the check character of the worked Guizhou example body', () => {
    const body = '91520102MA6H0K2Q3';
    expect(checkUscc(body + usccCheckCharacter(body))).toBeUndefined();
  });

  it('names the wrong check character', () => {
    expect(checkUscc('914403001922038217')).toEqual({ kind: 'check', expected: '6', actual: '7' });
  });

  it('names the position of a character outside the alphabet (I, O, S, V, Z are excluded)', () => {
    expect(checkUscc('91440300192203821O')).toEqual({ kind: 'character', position: 18, character: 'O' });
    expect(checkUscc('9144A3001922038216')).toEqual({ kind: 'character', position: 5, character: 'A' });
  });

  it('reports the length of a code that is not 18 characters', () => {
    expect(checkUscc('91440300192203821')).toEqual({ kind: 'length', length: 17 });
  });
});

describe('citizen ID number (GB 11643-1999, codes.md §5)', () => {
  const today = '2026-11-27';
  it.each(['11010519491231002X', '52010319850715001X', '520103198507150028', '52010319850715001x'])('accepts %s', (id) =>
    expect(checkCitizenId(id, today)).toBeUndefined(),
  );

  it('names the expected check character', () => {
    expect(checkCitizenId('520103198507150027', today)).toEqual({ kind: 'check', expected: '8', actual: '7' });
  });

  it('refuses an impossible birth date even when the check character is right', () => {
    expect(checkCitizenId('520103198502300015', today)).toEqual({ kind: 'birthDate', birthDate: '1985-02-30' });
  });

  it('refuses a birth date in the future', () => {
    const body = '52010320300101001';
    expect(checkCitizenId(body + citizenIdCheckCharacter(body), today)).toMatchObject({ kind: 'birthDate' });
  });

  it('names a non-digit position', () => {
    expect(checkCitizenId('5201031985A715001X', today)).toEqual({ kind: 'character', position: 11, character: 'A' });
  });

  it('masks for display', () => {
    expect(maskCitizenId('52010319850715001X')).toBe('5201**********001X');
  });
});
