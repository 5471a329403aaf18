import type { ApiStep } from '../domain/api-step.ts';
import { soapui } from './scripted.ts';
import type { Config } from './types.ts';

// One-way conversion of an API endpoint monitor (website-api, website-ssl-api) into a SoapUI
// (`api`) monitor, as AlertSite's convert-api does: the steps become a SoapUI project.

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const ASSERTION_TYPES: Record<string, string> = {
  'Status Code': 'Valid HTTP Status Codes',
  Response: 'Simple Contains',
  'JSON Response': 'JsonPath Match',
  'XML Response': 'XPath Match',
  Header: 'Simple Contains',
  Timeout: 'Response SLA Assertion',
};

function assertionXml(a: ApiStep['assertions'][number], i: number): string {
  const type = ASSERTION_TYPES[a.source] ?? 'Simple Contains';
  return [
    `        <con:assertion type="${esc(type)}" name="Assertion ${i + 1}">`,
    `          <con:configuration><path>${esc(a.property)}</path><comparison>${esc(a.comparison)}</comparison>` +
      `<content>${esc(a.value)}</content></con:configuration>`,
    '        </con:assertion>',
  ].join('\n');
}

// Basic-auth passwords are not written into the project: the script is returned in clear with
// show_scripts, and secrets never are. The username is kept so the user knows what to re-enter.
function stepXml(s: ApiStep): string {
  const auth = s.head.http_basic_auth_username
    ? `\n        <con:credentials><con:username>${esc(s.head.http_basic_auth_username)}</con:username></con:credentials>`
    : '';
  const body = s.post ? `\n        <con:request>${esc(s.post)}</con:request>` : '';
  return [
    `    <con:testStep type="httprequest" name="${esc(s.step_name)}">`,
    `      <con:config method="${esc(s.http_method)}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    `        <con:endpoint>${esc(s.url)}</con:endpoint>${body}${auth}`,
    ...s.assertions.map(assertionXml),
    ...s.variables.map(
      (v) =>
        `        <con:property name="${esc(v.name)}"><con:value>${esc(v.property)}</con:value></con:property>`,
    ),
    '      </con:config>',
    '    </con:testStep>',
  ].join('\n');
}

export const CONVERTED_SUITE = 'TestSuite 1';
export const CONVERTED_CASE = 'TestCase 1';

/** A SoapUI project equivalent to the API steps. */
export function soapuiProject(name: string, steps: ApiStep[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<con:soapui-project name="${esc(name)}" soapui-version="5.7.0" xmlns:con="http://eviware.com/soapui/config">`,
    `  <con:testSuite name="${CONVERTED_SUITE}">`,
    `  <con:testCase name="${CONVERTED_CASE}">`,
    ...steps.map(stepXml),
    '  </con:testCase>',
    '  </con:testSuite>',
    '</con:soapui-project>',
    '',
  ].join('\n');
}

/** The `api` config of a converted monitor: the common fields carry over, the steps do not. */
export function convertedConfig(previous: Config): Config {
  const { api_steps: _steps, ...common } = previous;
  return {
    ...common,
    test_suite: CONVERTED_SUITE,
    test_case: CONVERTED_CASE,
    project_password: null,
    capture: structuredClone(soapui.defaults.capture),
  };
}
