/**
 * The platform's password rule (等保 level 3, as the server enforces it): at least 8 characters
 * from at least 3 of the 4 classes — lower case, upper case, digits, symbols. Checked before
 * sending so the user sees which part is missing while typing.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MIN_CLASSES = 3;

export interface PasswordReport {
  length: number;
  lower: boolean;
  upper: boolean;
  digit: boolean;
  symbol: boolean;
  classes: number;
  ok: boolean;
}

export function passwordReport(password: string): PasswordReport {
  const lower = /[a-z]/.test(password);
  const upper = /[A-Z]/.test(password);
  const digit = /\d/.test(password);
  const symbol = /[^A-Za-z0-9]/.test(password);
  const classes = [lower, upper, digit, symbol].filter(Boolean).length;
  return {
    length: password.length,
    lower,
    upper,
    digit,
    symbol,
    classes,
    ok: password.length >= PASSWORD_MIN_LENGTH && classes >= PASSWORD_MIN_CLASSES,
  };
}

/** 4–32 characters, starting with a letter; letters, digits, '_', '.', '-' (the server's pattern). */
export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{3,31}$/;
/** Phone numbers as the server accepts them. */
export const PHONE_PATTERN = /^[0-9+\-\s]{7,20}$/;
