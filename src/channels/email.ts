import type { AlertEvent } from '../domain/alert-event.ts';
import { messageText, substitute } from './template.ts';
import type {
  AlertChannel,
  DeliveryContext,
  DeliveryOutcome,
  Destination,
  OutboundMessage,
} from './types.ts';

// E-mail, methods 1 (text), 4 (short text for mobile) and 12 (HTML), over the operator's SMTP
// relay (SITEWATCH_SMTP_URL) with nodemailer: it speaks STARTTLS, AUTH and the URL options
// (`?requireTLS=true`, `tls.*`), and reports the server's reply code on every refusal. The relay
// is the operator's own, so the egress policy (which guards user-supplied destinations) does not
// apply to it; the recipient's address is only ever an RCPT TO.

/** Subject (docs/compatibility.md §14): `[sitewatch] Site/Device Alert (ST=<code>) - <name> <status>`. */
export function emailSubject(event: AlertEvent): string {
  if (event.notify_type === 'performance') {
    const p = event.performance;
    const detail = p ? ` ${p.measured_seconds} s above ${p.threshold_seconds} s` : '';
    return oneLine(`[sitewatch] Performance Alert - ${event.device_name}${detail}`);
  }
  const subject = `[sitewatch] Site/Device Alert (ST=${event.status}) - ${event.device_name} ${event.status_text}`;
  // A test keeps the real format (so mail filters can be tried) and says what it is.
  return oneLine(event.notify_type === 'test' ? `${subject} (test)` : subject);
}

/** Header-safe: a monitor name with a newline must not add headers. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').slice(0, 250);

const HTML_ROWS: [string, string][] = [
  ['Monitor', '{{device_name}} ({{device_type}}, id {{device_id}})'],
  ['URL / host', '{{url}}'],
  ['Location', '{{location}}'],
  ['Time (UTC)', '{{timestamp}}'],
  ['Status', '{{status}} {{status_text}}'],
  ['Details', '{{info_msg}}'],
  ['Response time', '{{response_time}} s'],
];

/** The HTML body: the template's text (escaped, line breaks kept) above a table of the alert. */
function htmlBody(event: AlertEvent, dest: Destination): string {
  const text = messageText(event, 12, dest.template, 'html');
  const intro = dest.template ? text : (text.split('\n')[0] ?? '');
  const para = intro.replace(/\n/g, '<br>\n');
  const rows = HTML_ROWS.map(
    ([label, value]) =>
      `<tr><th align="left" style="padding:2px 12px 2px 0">${label}</th><td>${substitute(value, event, 'html')}</td></tr>`,
  ).join('\n');
  return `<!doctype html>\n<html><body>\n<p>${para}</p>\n<table>\n${rows}\n</table>\n</body></html>\n`;
}

const EMAIL_ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/;

/** What a nodemailer error came to: 4xx and connection trouble retry, 5xx fail with the reply. */
function classify(err: unknown, ctx: DeliveryContext): DeliveryOutcome {
  if (ctx.signal.aborted)
    return { status: 'retry', reason: 'SMTP relay did not finish before the deadline (timed out)' };
  const e = err as {
    code?: string;
    responseCode?: number;
    response?: string;
    permanent?: boolean;
    message?: string;
  };
  if (e.responseCode) {
    const reason = `SMTP server answered ${e.response ?? e.responseCode}`;
    // nodemailer's `permanent` follows RFC 5321 (5yz) but treats 503, a session-state error, as transient.
    const permanent = e.permanent ?? e.responseCode >= 500;
    return permanent ? { status: 'failed', reason } : { status: 'retry', reason };
  }
  const reason = `SMTP relay: ${e.code ? `${e.code} ` : ''}${e.message ?? String(err)}`;
  // Missing or refused credentials and bad configuration will not fix themselves.
  return e.code === 'EAUTH' || e.code === 'ECONFIG'
    ? { status: 'failed', reason }
    : { status: 'retry', reason };
}

async function sendMail(
  msg: OutboundMessage,
  dest: Destination,
  ctx: DeliveryContext,
): Promise<DeliveryOutcome> {
  if (msg.kind !== 'email')
    return { status: 'failed', reason: msg.kind === 'none' ? msg.reason : 'not an e-mail' };
  if (!ctx.smtp) return { status: 'failed', reason: 'SMTP not configured (set SITEWATCH_SMTP_URL)' };
  const to = dest.address.trim();
  if (!EMAIL_ADDRESS.test(to))
    return { status: 'failed', reason: `recipient "${to.slice(0, 100)}" is not an e-mail address` };
  // nodemailer is loaded by the first e-mail, so a process that sends none does not carry it.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport(ctx.smtp.url);
  try {
    const info = await transport.sendMail({
      from: ctx.smtp.from,
      to,
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      headers: { 'X-Sitewatch-Delivery': ctx.deliveryId },
      // Receivers de-duplicate retries on it as well (RFC 5322 Message-ID stays per delivery).
      // nodemailer drops the connection when the attempt's deadline passes.
      signal: ctx.signal,
      messageId: `<${ctx.deliveryId.replace(/[^\w.-]/g, '_')}@sitewatch>`,
    });
    const reply = typeof info.response === 'string' ? info.response : undefined;
    return { status: 'sent', reply, providerId: info.messageId };
  } catch (err) {
    return classify(err, ctx);
  } finally {
    transport.close();
  }
}

/** E-mail: 1 text, 4 short text, 12 HTML. */
export const emailChannel: AlertChannel = {
  kind: 'email',
  methods: [1, 4, 12],
  render(event, dest): OutboundMessage {
    const subject = emailSubject(event);
    if (dest.methodId === 4) return { kind: 'email', subject, text: messageText(event, 4, dest.template) };
    const text = messageText(event, 1, dest.template);
    if (dest.methodId === 12) return { kind: 'email', subject, text, html: htmlBody(event, dest) };
    return { kind: 'email', subject, text };
  },
  deliver: sendMail,
  describe: (dest) => dest.address.trim(),
};
