import { Type } from 'typebox';
import { invalid } from '../domain/errors.ts';
import { checkRegex, checkUrl } from './rules.ts';
import type { Config, MonitorTypeSpec } from './types.ts';

// Web URL monitors: `website` (http://) and `website-ssl` (https://), docs/alertsite-v3.md §4.6.

/** Full-page fields, shared with DéjàClick. */
export const FULLPAGE_FIELDS = {
  check_fullpage_missing_objects: Type.Boolean(),
  check_fullpage_object_sizes: Type.Boolean(),
  fullpage_object_timeout: Type.Integer({ minimum: 1, maximum: 120, description: 'Seconds.' }),
  notify_on_fullpage_errors: Type.Boolean(),
  interval_fullpage: Type.Integer({ minimum: -1, description: '-1: not a full-page monitor.' }),
};

export const FULLPAGE_DEFAULTS: Config = {
  check_fullpage_missing_objects: false,
  check_fullpage_object_sizes: false,
  fullpage_object_timeout: 10,
  notify_on_fullpage_errors: false,
  interval_fullpage: -1,
};

/** `keyword_match_type` values. */
export const KEYWORD_MATCH_TYPES = ['Plain Text', 'Regular Expression'] as const;

const WEB_FIELDS = {
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  keyword_string: Type.String({ maxLength: 1024 }),
  keyword_match_type: Type.Enum([...KEYWORD_MATCH_TYPES]),
  keyword_match_invert: Type.Boolean(),
  http_basic_auth_username: Type.String({ maxLength: 255 }),
  http_basic_auth_password: Type.String({ maxLength: 255, description: 'Write-only: shown as null.' }),
  ...FULLPAGE_FIELDS,
};

const WEB_DEFAULTS: Config = {
  keyword_string: '',
  keyword_match_type: 'Plain Text',
  keyword_match_invert: false,
  http_basic_auth_username: '',
  ...FULLPAGE_DEFAULTS,
};

/**
 * `check_ssl_expiration_dates`: AlertSite's examples show "Expired"; sitewatch also takes "Off"
 * and a warning window in days ("30 Days"), the choices AlertSite's console offers.
 */
const SSL_EXPIRY = /^(Off|Expired|[1-9][0-9]{0,2} Days?)$/;

const SSL_FIELDS = {
  use_ssl_version: Type.Integer({ minimum: 0, maximum: 10, description: '0: negotiate.' }),
  check_ssl_expiration_dates: Type.String({ description: '"Off", "Expired" or "<N> Days".' }),
};

function checkKeyword(config: Config): void {
  if (config.keyword_match_type === 'Regular Expression') checkRegex('keyword_string', config.keyword_string);
}

function webType(type: 'website' | 'website-ssl'): MonitorTypeSpec {
  const ssl = type === 'website-ssl';
  return {
    type,
    title: ssl ? 'Web URL monitor (https)' : 'Web URL monitor (http)',
    fields: ssl ? { ...WEB_FIELDS, ...SSL_FIELDS } : WEB_FIELDS,
    required: ['url'],
    defaults: ssl
      ? { ...WEB_DEFAULTS, use_ssl_version: 0, check_ssl_expiration_dates: 'Expired' }
      : WEB_DEFAULTS,
    secrets: ['http_basic_auth_password'],
    creatable: true,
    editable: true,
    validate(config) {
      checkUrl('url', config.url, [ssl ? 'https:' : 'http:']);
      checkKeyword(config);
      if (ssl && !SSL_EXPIRY.test(String(config.check_ssl_expiration_dates))) {
        throw invalid('check_ssl_expiration_dates', 'must be one of: Off, Expired, <N> Days');
      }
    },
  };
}

export const website = webType('website');
export const websiteSsl = webType('website-ssl');
