import { pino, type Logger } from 'pino';

/** Secrets never reach the logs: credentials in headers and bodies are redacted. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.passphrase',
  '*.privateKey',
];

/** Structured JSON logs; each request line carries its request id (`reqId`). */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'ggzy' } });
}
