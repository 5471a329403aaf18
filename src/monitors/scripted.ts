import { Type } from 'typebox';
import { invalid } from '../domain/errors.ts';
import { checkUrl } from './rules.ts';
import type { Config, MonitorTypeSpec, ScriptSpec } from './types.ts';
import { FULLPAGE_DEFAULTS, FULLPAGE_FIELDS } from './web.ts';

// Script-driven types: DéjàClick, SoapUI (`api`), Selenium, and the stored-only BitBar and
// ServerAgent (no v3 create or edit; they can only exist through an import).

const fileBase = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'monitor';
const utf8 = (script: string) => new TextEncoder().encode(script);

const xmlScript = (suffix: string): ScriptSpec => ({
  writable: true,
  fileName: (name) => `${fileBase(name)}${suffix}`,
  bytes: utf8,
});

const Script = Type.String({
  minLength: 1,
  description: 'XML as a string; returned only with show_scripts=true.',
});

const isXml = (script: string | null) => script !== null && script.trimStart().startsWith('<');

export const dejaclick: MonitorTypeSpec = {
  type: 'dejaclick',
  title: 'DéjàClick (real browser) monitor',
  fields: {
    url: Type.String({ maxLength: 2048 }),
    script: Script,
    step_timeout: Type.Integer({ minimum: 1, maximum: 300, description: 'Seconds per step.' }),
    transaction_steps: Type.Integer({ minimum: 1, maximum: 100 }),
    user_experience_enabled: Type.Boolean(),
    user_experience_base_page_only: Type.Boolean(),
    // Real clients send it; AlertSite's location list uses the same codes ("CH,FF").
    browser_type: Type.String({
      minLength: 1,
      maxLength: 32,
      description:
        'AlertSite browser code such as "CH" or "FF": kept and returned; sitewatch always runs Chromium.',
    }),
    ...FULLPAGE_FIELDS,
  },
  required: ['step_timeout', 'transaction_steps'],
  defaults: {
    url: '',
    browser_type: 'CH',
    user_experience_enabled: false,
    user_experience_base_page_only: false,
    ...FULLPAGE_DEFAULTS,
  },
  secrets: [],
  creatable: true,
  editable: true,
  script: xmlScript('.xml'),
  // With a URL sitewatch loads the page in a real browser; a script alone is stored, not replayed.
  runsWhen: (config) => typeof config.url === 'string' && config.url !== '',
  validate(config, script) {
    if (config.url === '' && script === null)
      throw invalid('url', 'required and is empty (send url or script)');
    if (config.url !== '') checkUrl('url', config.url, ['http:', 'https:']);
    if (script !== null && !isXml(script)) throw invalid('script', 'must be a DéjàClick XML script');
  },
};

export const CAPTURE_LEVELS = ['All Steps', 'Failed Steps', 'None'] as const;

export const soapui: MonitorTypeSpec = {
  type: 'api',
  title: 'SoapUI monitor',
  fields: {
    script: Script,
    test_suite: Type.String({ minLength: 1, maxLength: 255 }),
    test_case: Type.String({ minLength: 1, maxLength: 255 }),
    project_password: Type.String({ maxLength: 255, description: 'Write-only: shown as null.' }),
    capture: Type.Object({
      headers: Type.Optional(Type.Boolean()),
      images: Type.Optional(Type.Boolean()),
      level: Type.Optional(Type.Enum([...CAPTURE_LEVELS])),
      mimetype: Type.Optional(Type.String({ maxLength: 100 })),
      sources: Type.Optional(Type.Boolean()),
    }),
  },
  required: ['script', 'test_suite', 'test_case'],
  defaults: {
    capture: { headers: false, images: false, level: 'Failed Steps', mimetype: 'image/jpeg', sources: false },
  },
  secrets: ['project_password'],
  creatable: true,
  editable: true,
  script: xmlScript('-soapui-project.xml'),
  validate(config, script) {
    if (!isXml(script)) throw invalid('script', 'must be a SoapUI project XML document');
    const capture = config.capture as Config;
    config.capture = { ...(soapui.defaults.capture as Config), ...capture };
  },
};

/** Selenium scripts are base64 JARs that v3 cannot upload (docs/alertsite-v3.md §4.5): read-only. */
export const selenium: MonitorTypeSpec = {
  type: 'selenium',
  title: 'Selenium monitor',
  fields: { step_timeout: Type.Integer({ minimum: 1, maximum: 300, description: 'Seconds per step.' }) },
  required: [],
  defaults: { step_timeout: 30 },
  secrets: [],
  creatable: false,
  editable: true,
  script: {
    writable: false,
    fileName: (name) => `${fileBase(name)}.jar`,
    bytes: (script) => new Uint8Array(Buffer.from(script, 'base64')),
  },
};

function storedOnly(type: string, title: string): MonitorTypeSpec {
  return {
    type,
    title,
    fields: {},
    required: [],
    defaults: {},
    secrets: [],
    creatable: false,
    editable: false,
  };
}

export const bitbar = storedOnly('bitbar', 'BitBar monitor');
export const serveragent = storedOnly('serveragent', 'ServerAgent monitor');
