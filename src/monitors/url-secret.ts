import type { SecretBox } from '../auth/secret-box.ts';
import type { Config } from './types.ts';

// Credentials inside a monitor's URL (`https://user:password@host/`) are a secret like any other
// password (docs/compatibility.md §16): the password is sealed into a hidden field, the stored and
// returned URL carries a mask in its place, and only the check sees the real URL.

/** What stands for the password in a stored or returned URL. */
export const URL_PASSWORD_MASK = '***';
/** The hidden config field holding the sealed URL password (never returned). */
export const URL_PASSWORD_FIELD = 'url_password_sealed';

function parse(value: unknown): URL | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * Seals the password of `config.url` (already validated) into URL_PASSWORD_FIELD and masks it in
 * the URL. A URL sent back with the mask keeps the stored password (clients GET a monitor and send
 * it back, as with null passwords); a URL without a password clears it.
 */
export function sealUrlPassword(config: Config, previous: Config | null, box: SecretBox): void {
  const url = parse(config.url);
  if (!url) {
    delete config[URL_PASSWORD_FIELD];
    return;
  }
  const password = decodeURIComponent(url.password);
  if (password === '') {
    delete config[URL_PASSWORD_FIELD];
    return;
  }
  if (password === URL_PASSWORD_MASK) {
    const kept = previous?.[URL_PASSWORD_FIELD];
    if (typeof kept === 'string') config[URL_PASSWORD_FIELD] = kept;
    else url.password = ''; // a mask with nothing behind it is no password
  } else {
    config[URL_PASSWORD_FIELD] = box.seal(password);
    url.password = URL_PASSWORD_MASK;
  }
  config.url = url.href;
}

/** Drops the sealed field from a config being shown (the URL already carries only the mask). */
export function hideUrlPassword(config: Config): void {
  delete config[URL_PASSWORD_FIELD];
}

/** The config a check runs with: the URL with its real password, the sealed copy removed. */
export function openUrlPassword(config: Config, box: SecretBox): Config {
  const sealed = config[URL_PASSWORD_FIELD];
  if (typeof sealed !== 'string') return config;
  const { [URL_PASSWORD_FIELD]: _sealed, ...rest } = config;
  const url = parse(config.url);
  if (!url) return rest;
  url.password = encodeURIComponent(box.open(sealed));
  return { ...rest, url: url.href };
}

/** `url` with any userinfo password replaced by the mask (for names and stored test targets). */
export function maskUrlPassword(value: string): string {
  const url = parse(value);
  if (!url || url.password === '') return value;
  url.password = URL_PASSWORD_MASK;
  return url.href;
}

/** Whether `config.url` carries a password (the check's verdict is then redacted). */
export function hasUrlPassword(config: Config): boolean {
  return (parse(config.url)?.password ?? '') !== '';
}
