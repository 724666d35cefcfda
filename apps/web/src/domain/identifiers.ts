import { checkCitizenId, checkUscc } from '@ggzy/contracts';
import type { MessageKey } from '../i18n';

/**
 * Live checks of the identifiers the registration asks for, with the validators the server runs
 * (@ggzy/contracts), turned into messages that name the wrong character. While the user is still
 * typing (`complete: false`), only a character that can never be right is reported; the length
 * and the check character are judged once all 18 characters are there (or on leaving the field).
 */
export interface IdentifierMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export function usccMessage(input: string, complete: boolean): IdentifierMessage | undefined {
  const code = input.trim().toUpperCase();
  if (code === '') return complete ? { key: 'register.uscc.required' } : undefined;
  if (code.length > 18) return { key: 'register.uscc.length', params: { length: code.length } };
  if (code.length < 18) {
    // Pad with a character valid everywhere: the first problem found is then a real one.
    const problem = checkUscc(code.padEnd(18, '0'));
    if (problem?.kind === 'character')
      return { key: 'register.uscc.character', params: { position: problem.position, character: problem.character } };
    return complete ? { key: 'register.uscc.length', params: { length: code.length } } : undefined;
  }
  const problem = checkUscc(code);
  if (problem === undefined) return undefined;
  if (problem.kind === 'character')
    return { key: 'register.uscc.character', params: { position: problem.position, character: problem.character } };
  if (problem.kind === 'check') return { key: 'register.uscc.check', params: { expected: problem.expected, actual: problem.actual } };
  return { key: 'register.uscc.length', params: { length: problem.length } };
}

export function citizenIdMessage(input: string, complete: boolean, today: string): IdentifierMessage | undefined {
  const id = input.trim().toUpperCase();
  if (id === '') return complete ? { key: 'register.citizenId.required' } : undefined;
  if (id.length > 18) return { key: 'register.citizenId.length', params: { length: id.length } };
  if (id.length < 18) {
    for (let i = 0; i < id.length; i += 1) {
      const c = id.charAt(i);
      if (!(/\d/.test(c) || (i === 17 && c === 'X')))
        return { key: 'register.citizenId.character', params: { position: i + 1, character: c } };
    }
    return complete ? { key: 'register.citizenId.length', params: { length: id.length } } : undefined;
  }
  const problem = checkCitizenId(id, today);
  if (problem === undefined) return undefined;
  switch (problem.kind) {
    case 'character':
      return { key: 'register.citizenId.character', params: { position: problem.position, character: problem.character } };
    case 'birthDate':
      return { key: 'register.citizenId.birthDate', params: { birthDate: problem.birthDate } };
    case 'check':
      return { key: 'register.citizenId.check', params: { expected: problem.expected, actual: problem.actual } };
    default:
      return { key: 'register.citizenId.length', params: { length: problem.length } };
  }
}

/** Today in China ('YYYY-MM-DD'), for the birth-date rule of citizen IDs. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
