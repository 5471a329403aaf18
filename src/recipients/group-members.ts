import { invalid, ruleViolation } from '../domain/errors.ts';
import { statusCode } from '../domain/status-codes.ts';
import type { Db } from '../store/db.ts';
import { accountMonitors, accountRecipientIds, type GroupMemberWrite } from '../store/notifier-groups.ts';
import type { GroupMembersInput } from './group-schema.ts';
import { alertTemplate } from './templates.ts';

// The member arrays of a recipient group (docs/alertsite-v3.md §7.1): what a body may name, checked against
// the caller's account and the built-in tables, and how a stored monitor step is named.

export type { GroupMembersInput };

const unique = (ids: number[]) => [...new Set(ids)];

/** `api_steps[step - 1].step_name` of a monitor config, or null (whole monitor, or no such step). */
export function stepName(config: string, step: number): string | null {
  if (step === 0) return null;
  const steps = apiSteps(config);
  const name = (steps?.[step - 1] as { step_name?: unknown } | undefined)?.step_name;
  return typeof name === 'string' ? name : null;
}

function apiSteps(config: string): unknown[] | null {
  try {
    const steps = (JSON.parse(config) as { api_steps?: unknown } | null)?.api_steps;
    return Array.isArray(steps) ? steps : null;
  } catch {
    return null;
  }
}

/**
 * Whether `code` may be named in `errortypes`. The docs limit the editor to codes of up to three
 * digits, so the 4-digit full-page codes are refused (a group that must hear of them leaves
 * `errortypes` empty: all errors); 0 is success, not an error.
 */
export function errortypeProblem(code: number): string | null {
  const entry = statusCode(code);
  if (!entry) return `errortypes: ${code} is not a status code of this server`;
  if (code === 0) return 'errortypes: 0 means OK, not an error';
  if (entry.fullPage || code > 999)
    return `errortypes: ${code} is a 4-digit full-page code; groups filter on codes of up to 3 digits`;
  return null;
}

/** Checks every given array and returns the rows to store, duplicates removed. */
export async function checkedMembers(
  db: Db,
  accountId: number,
  input: GroupMembersInput,
): Promise<GroupMemberWrite> {
  const out: GroupMemberWrite = {};
  if (input.monitors) {
    const wanted = new Map<string, { monitor_id: number; step_number: number }>();
    for (const m of input.monitors) {
      const step = m.step_number ?? 0;
      wanted.set(`${m.id}:${step}`, { monitor_id: m.id, step_number: step });
    }
    const found = new Map(
      (await accountMonitors(db, accountId, unique(input.monitors.map((m) => m.id)))).map((m) => [
        m.id,
        m.config,
      ]),
    );
    for (const m of wanted.values()) {
      const config = found.get(m.monitor_id);
      if (config === undefined) throw invalid('monitors', `no monitor with id ${m.monitor_id}`);
      // Steps of script monitors are not in the config; API monitors list theirs, so check those.
      const steps = apiSteps(config);
      if (steps && m.step_number > steps.length)
        throw invalid('monitors', `monitor ${m.monitor_id} has no step ${m.step_number}`);
    }
    out.monitors = [...wanted.values()];
  }
  if (input.recipients) {
    const ids = unique(input.recipients.map((r) => r.id));
    const found = new Set(await accountRecipientIds(db, accountId, ids));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw invalid('recipients', `no recipient with id ${missing}`);
    out.recipients = ids;
  }
  if (input.errortypes) {
    const codes = unique(input.errortypes.map((e) => e.id));
    for (const code of codes) {
      const problem = errortypeProblem(code);
      if (problem) throw ruleViolation(problem, ['errortypes']);
    }
    out.errortypes = codes;
  }
  if (input.templates) {
    const ids = unique(input.templates.map((t) => t.id));
    const missing = ids.find((id) => alertTemplate(id) === undefined);
    if (missing !== undefined) throw invalid('templates', `no alert template with id ${missing}`);
    out.templates = ids;
  }
  return out;
}
