import { describe, expect, it } from 'vitest';
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
