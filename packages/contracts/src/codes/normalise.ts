/**
 * Normalisation shared by the code validators (domain/codes.md, preamble): trim, full-width
 * characters to half-width, upper case. Spaces inside a code are kept, so that the validator
 * can name them: none of the codes contains a space.
 */
export function normaliseCode(input: string): string {
  let out = '';
  for (const ch of input.trim()) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) out += ' ';
    // Hyphen look-alikes (‐ ‑ ‒ – — −) typed or pasted from documents become '-'.
    else if (cp === 0x2010 || cp === 0x2011 || cp === 0x2012 || cp === 0x2013 || cp === 0x2014 || cp === 0x2212) out += '-';
    else out += ch;
  }
  return out.toUpperCase();
}
