import type { FastifyReply } from 'fastify';

// Security headers of every page the browser renders (the dashboard and public status pages).
// The bundle has no inline script or style element, so 'self' is all the CSP needs; uPlot and
// Preact set styles through the CSSOM, which style-src does not govern.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Header name → value set on every dashboard and status page answer. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
};

/** Sets the page security headers on a reply. */
export function securePage(reply: FastifyReply): FastifyReply {
  return reply.headers(PAGE_HEADERS);
}
