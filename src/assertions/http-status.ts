import { STATUS_CODES } from 'node:http';
import type { Problem } from './problem.ts';

/** "HTTP 503 Service Unavailable": the server's reason phrase, else the standard one. */
export function statusLine(status: number, statusText: string): string {
  const reason = statusText.trim() || STATUS_CODES[status] || '';
  return `HTTP ${status}${reason ? ` ${reason}` : ''}`;
}

/** 4xx and 5xx are errors (status 7); anything below 400 that reached here passed. */
export function judgeStatus(status: number, statusText: string): Problem | null {
  return status >= 400 ? { code: 'HTTP_ERROR', message: statusLine(status, statusText) } : null;
}
