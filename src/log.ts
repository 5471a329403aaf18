import pino, { type Logger } from 'pino';

/** Paths whose values never reach a log line: passwords, tokens, Authorization headers. */
export const REDACT_PATHS = [
  'password',
  'access_token',
  'token',
  'authorization',
  '*.password',
  '*.access_token',
  '*.token',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'body.password',
  'admin_password',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
