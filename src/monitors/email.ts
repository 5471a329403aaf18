import { Type } from 'typebox';
import { invalid } from '../domain/errors.ts';
import { checkHostname, checkIpv4, checkPort, isHostname } from './rules.ts';
import type { Config, MonitorTypeSpec } from './types.ts';

// Mail server monitors (IMAP, POP3, SMTP) and the round-trip email monitor (docs/alertsite-v3.md §4.5).

const Credentials = {
  username: Type.String({ maxLength: 255 }),
  password: Type.String({ maxLength: 255, description: 'Write-only: shown as null.' }),
};

function mailServer(type: string, title: string, port: number): MonitorTypeSpec {
  return {
    type,
    title,
    fields: {
      hostname: Type.String({ minLength: 1, maxLength: 253 }),
      ipv4: Type.String({ maxLength: 15 }),
      resolve_dns: Type.Boolean(),
      port: Type.Integer({ minimum: 1, maximum: 65535 }),
      ...Credentials,
    },
    required: ['hostname'],
    defaults: { ipv4: '', resolve_dns: true, port, username: '' },
    secrets: ['password'],
    creatable: true,
    editable: true,
    validate(config) {
      checkHostname('hostname', config.hostname);
      checkIpv4(config.ipv4);
      checkPort('port', config.port);
    },
  };
}

export const emailImap = mailServer('email-imap', 'IMAP server monitor', 143);
export const emailPop = mailServer('email-pop', 'POP3 server monitor', 110);
export const emailSmtp = mailServer('email-smtp', 'SMTP server monitor', 25);

/**
 * A mail server as `scheme://host:port` (the docs: `smtps://smtp.example.com:465`). A bare host
 * (`smtp.example.com` or `smtp.example.com:587`) is also taken: it means the plain scheme.
 */
function checkServer(field: string, value: unknown, schemes: readonly string[]): void {
  if (typeof value !== 'string' || value === '') throw invalid(field, 'required and is empty');
  const text = value.includes('://') ? value : `${schemes[0]}//${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(field, `must be a URL such as ${schemes[1]}//host:port`);
  }
  if (!schemes.includes(url.protocol))
    throw invalid(field, `must start with ${schemes.map((s) => `${s}//`).join(' or ')}`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!isHostname(host) || (url.pathname !== '' && url.pathname !== '/'))
    throw invalid(field, `must be a URL such as ${schemes[1]}//host:port`);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const emailRoundTrip: MonitorTypeSpec = {
  type: 'email-round-trip',
  title: 'Round-trip email monitor',
  fields: {
    smtp_hostname: Type.String({
      minLength: 1,
      maxLength: 300,
      description: 'e.g. smtps://smtp.example.com:465',
    }),
    pop3_hostname: Type.String({
      minLength: 1,
      maxLength: 300,
      description: 'e.g. pop3s://mail.example.com:995',
    }),
    email: Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'The mailbox the test message goes to.',
    }),
    ...Credentials,
  },
  required: ['smtp_hostname', 'pop3_hostname', 'email'],
  defaults: { username: '' },
  secrets: ['password'],
  creatable: true,
  editable: true,
  validate(config: Config) {
    checkServer('smtp_hostname', config.smtp_hostname, ['smtp:', 'smtps:']);
    checkServer('pop3_hostname', config.pop3_hostname, ['pop3:', 'pop3s:']);
    if (!EMAIL.test(String(config.email))) throw invalid('email', 'must be a valid email address');
  },
};
