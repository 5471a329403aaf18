import type { AlertEvent } from '../domain/alert-event.ts';
import { basicAuth, describeUrl, postMessage } from './http.ts';
import { substitute } from './template.ts';
import type { AlertChannel, Destination, OutboundMessage } from './types.ts';

// Method 16 (JSON POST) and 10 (form POST): the alert's fields as docs/compatibility.md §14 names
// them, with optional Basic auth from the recipient's username/password. A group template of
// format `json` replaces the document (values inserted JSON-escaped); the form POST sends the same
// document's top-level fields as form fields.

/** The §14 payload: every AlertEvent field, `performance` only on performance alerts. */
export function webhookPayload(event: AlertEvent): Record<string, unknown> {
  const { performance, ...fields } = event;
  return performance ? { ...fields, performance } : fields;
}

/** The document a POST carries: the template's when the group names one, else the §14 payload. */
function document(event: AlertEvent, dest: Destination): Record<string, unknown> | string {
  if (!dest.template) return webhookPayload(event);
  const text = substitute(dest.template, event, 'json');
  try {
    const doc: unknown = JSON.parse(text);
    if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) return doc as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  return `the group's template does not render a JSON object: ${text.slice(0, 120)}`;
}

function formValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** JSON POST (16) and form POST (10). */
export const webhookChannel: AlertChannel = {
  kind: 'webhook',
  methods: [10, 16],
  render(event, dest): OutboundMessage {
    const doc = document(event, dest);
    if (typeof doc === 'string') return { kind: 'none', reason: doc };
    if (dest.methodId === 16)
      return { kind: 'http', contentType: 'application/json', body: JSON.stringify(doc) };
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(doc)) form.append(key, formValue(value));
    return { kind: 'http', contentType: 'application/x-www-form-urlencoded', body: form.toString() };
  },
  async deliver(msg, dest, ctx) {
    if (msg.kind === 'none') return { status: 'failed', reason: msg.reason };
    return postMessage(dest.address, msg, ctx, { basic: basicAuth(dest) });
  },
  describe: (dest) => describeUrl(dest.address),
};
