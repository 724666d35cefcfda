import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret (session cookie, API token): 256 random bits, URL-safe. */
export function newSecretToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Secrets are stored only as this digest, so a database reader cannot use them. */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
