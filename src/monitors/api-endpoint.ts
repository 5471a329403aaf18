import { Type } from 'typebox';
import type { SecretBox } from '../auth/secret-box.ts';
import type { ApiStep as StoredStep } from '../domain/api-step.ts';
import { invalid } from '../domain/errors.ts';
import { checkRegex, checkUrl } from './rules.ts';
import type { Config, MonitorTypeSpec } from './types.ts';

// API endpoint monitors (`website-api`, `website-ssl-api`): a sequence of HTTP steps, each with
// assertions on the response and variables captured for later steps (docs/alertsite-v3.md §4.6).

/** Where an assertion reads its operand (AlertSite JSON API names). */
export const ASSERTION_SOURCES = [
  'Response',
  'JSON Response',
  'XML Response',
  'Status Code',
  'Header',
  'Timeout',
] as const;
/** How an assertion compares; the negations are sitewatch's additions. */
export const COMPARISONS = [
  'equals',
  'not equals',
  'contains',
  'does not contain',
  'exists',
  'does not exist',
  'greater than',
  'less than',
  'matches regex',
  'does not match regex',
] as const;
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const Assertion = Type.Object({
  source: Type.Enum([...ASSERTION_SOURCES]),
  property: Type.Optional(Type.String({ maxLength: 1024 })),
  comparison: Type.Enum([...COMPARISONS]),
  value: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Number(), Type.Null()])),
});

const Step = Type.Object({
  step_number: Type.Optional(Type.Integer({ minimum: 1 })),
  step_name: Type.Optional(Type.String({ maxLength: 255 })),
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  http_method: Type.Optional(Type.Enum([...HTTP_METHODS])),
  post: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Request body.' })),
  head: Type.Optional(
    Type.Object({
      http_basic_auth_username: Type.Optional(Type.String({ maxLength: 255 })),
      http_basic_auth_password: Type.Optional(
        Type.Union([Type.String({ maxLength: 255 }), Type.Null()], {
          description: 'Write-only (shown as null); null keeps the stored one, "" clears it.',
        }),
      ),
      preemptive_authentication: Type.Optional(Type.Boolean()),
    }),
  ),
  assertions: Type.Optional(Type.Array(Assertion, { maxItems: 100 })),
  variables: Type.Optional(
    Type.Array(Type.Object({ name: Type.String({ minLength: 1 }), property: Type.String() }), {
      maxItems: 100,
    }),
  ),
});

type InStep = Partial<Omit<StoredStep, 'head' | 'assertions'>> & {
  url: string;
  head?: Partial<StoredStep['head']>;
  assertions?: { source: string; property?: string; comparison: string; value?: string | number | null }[];
};

/** Fills step defaults so the engine and the API always see complete steps. */
function normalize(steps: InStep[]): StoredStep[] {
  return steps.map((s, i) => ({
    step_number: s.step_number ?? i + 1,
    step_name: s.step_name ?? `Step ${s.step_number ?? i + 1}`,
    url: s.url,
    http_method: s.http_method ?? 'GET',
    post: s.post ?? null,
    head: {
      http_basic_auth_username: s.head?.http_basic_auth_username ?? '',
      http_basic_auth_password: s.head?.http_basic_auth_password ?? null,
      preemptive_authentication: s.head?.preemptive_authentication ?? false,
    },
    assertions: (s.assertions ?? []).map((a) => ({
      source: a.source,
      property: a.property ?? '',
      comparison: a.comparison,
      value: a.value === null || a.value === undefined ? '' : String(a.value),
    })),
    variables: s.variables ?? [],
  }));
}

function checkSteps(steps: StoredStep[]): void {
  const numbers = new Set<number>();
  steps.forEach((s, i) => {
    const at = `api_steps[${i}]`;
    // One monitor may mix http and https steps (docs/alertsite-v3.md §4.5).
    checkUrl(`${at}.url`, s.url, ['http:', 'https:']);
    if (numbers.has(s.step_number)) throw invalid(`${at}.step_number`, 'must be unique among the steps');
    numbers.add(s.step_number);
    s.assertions.forEach((a, j) => {
      const field = `${at}.assertions[${j}]`;
      const needsProperty =
        a.source === 'JSON Response' || a.source === 'XML Response' || a.source === 'Header';
      if (needsProperty && a.property === '') throw invalid(`${field}.property`, 'required and is empty');
      if (
        (a.comparison === 'greater than' || a.comparison === 'less than') &&
        !Number.isFinite(Number(a.value))
      )
        throw invalid(`${field}.value`, `must be a number to compare with "${a.comparison}"`);
      if (a.comparison === 'matches regex' || a.comparison === 'does not match regex')
        checkRegex(`${field}.value`, a.value);
    });
  });
}

function sealSteps(config: Config, body: Config, previous: Config | null, box: SecretBox): void {
  if (!('api_steps' in body)) return;
  const before = new Map(
    ((previous?.api_steps as StoredStep[] | undefined) ?? []).map((s) => [s.step_number, s.head]),
  );
  for (const step of config.api_steps as StoredStep[]) {
    const password = step.head.http_basic_auth_password;
    // A step sent back without its password (as GET shows it) keeps the stored one.
    if (password === null)
      step.head.http_basic_auth_password = before.get(step.step_number)?.http_basic_auth_password ?? null;
    else step.head.http_basic_auth_password = password === '' ? null : box.seal(password);
  }
}

function apiType(type: 'website-api' | 'website-ssl-api'): MonitorTypeSpec {
  return {
    type,
    title: type === 'website-api' ? 'API endpoint monitor (http)' : 'API endpoint monitor (https)',
    fields: { api_steps: Type.Array(Step, { minItems: 1, maxItems: 50 }) },
    required: ['api_steps'],
    defaults: {},
    secrets: [],
    creatable: true,
    editable: true,
    validate(config) {
      config.api_steps = normalize(config.api_steps as InStep[]);
      checkSteps(config.api_steps as StoredStep[]);
    },
    sealNested: sealSteps,
    hideNested(config) {
      for (const s of (config.api_steps as StoredStep[] | undefined) ?? [])
        s.head.http_basic_auth_password = null;
    },
  };
}

export const websiteApi = apiType('website-api');
export const websiteSslApi = apiType('website-ssl-api');
