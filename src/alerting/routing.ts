// Who hears about a failure (docs/compatibility.md §13), pure: the recipient groups holding the
// monitor (or the failing step) whose errortypes cover the status (empty = all), else the
// account's default group, else every recipient of the account.
import { matchingTemplate } from '../channels/template.ts';
import type { TemplateEvent } from '../recipients/templates.ts';
import type { RoutingRows } from '../store/alerts.ts';
import type { RecipientRow } from '../store/recipients.ts';

/** One recipient an alert goes to, with the template its group names for the method and event. */
export interface Route {
  recipient: RecipientRow;
  templateId: number | null;
}

/** Performance alerts go to recipients with `performance_alert` on; the others to `availability_alert`. */
const wants = (r: RecipientRow, event: TemplateEvent) =>
  event === 'performance' ? r.performance_alert === 1 : r.availability_alert === 1;

/** Routing tables indexed once per batch. */
export class Router {
  private readonly groupsOfMonitor = new Map<number, { group: number; step: number }[]>();
  private readonly defaultOf = new Map<number, number>();
  private readonly membersOf = new Map<number, number[]>();
  private readonly codesOf = new Map<number, Set<number>>();
  private readonly templatesOf = new Map<number, number[]>();
  private readonly recipientsOf = new Map<number, RecipientRow[]>();
  /** Every recipient of the batch's accounts, by id. */
  readonly recipients = new Map<number, RecipientRow>();

  constructor(rows: RoutingRows) {
    const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => m.set(k, [...(m.get(k) ?? []), v]);
    for (const e of rows.entries)
      push(this.groupsOfMonitor, e.monitor_id, { group: e.group_id, step: e.step_number });
    for (const g of rows.groups) if (g.is_default === 1) this.defaultOf.set(g.account_id, g.id);
    for (const m of rows.members) push(this.membersOf, m.group_id, m.recipient_id);
    for (const t of rows.templates) push(this.templatesOf, t.group_id, t.template_id);
    for (const e of rows.errortypes) {
      const set = this.codesOf.get(e.group_id) ?? new Set<number>();
      set.add(e.code);
      this.codesOf.set(e.group_id, set);
    }
    for (const r of rows.recipients) {
      this.recipients.set(r.id, r);
      push(this.recipientsOf, r.account_id, r);
    }
  }

  /**
   * The recipients of an availability alert for `monitorId` of `accountId`: `status` null skips the
   * errortypes filter (clear notices use this for templates); `step` is the failing step (0: none
   * known), matched by groups that hold only that step. Recipients with availability alerts off are left out.
   */
  routes(
    accountId: number,
    monitorId: number,
    status: number | null,
    step: number,
    event: TemplateEvent,
  ): Route[] {
    const covers = (group: number) => {
      const codes = this.codesOf.get(group);
      return status === null || !codes || codes.size === 0 || codes.has(status);
    };
    const holding = this.groupsOfMonitor.get(monitorId) ?? [];
    let groups: number[];
    if (holding.length > 0) {
      groups = [...new Set(holding.filter((h) => h.step === 0 || h.step === step).map((h) => h.group))];
    } else {
      const def = this.defaultOf.get(accountId);
      groups = def === undefined ? [] : [def];
      if (def === undefined) {
        // No group and no default group: every recipient of the account.
        return (this.recipientsOf.get(accountId) ?? [])
          .filter((r) => wants(r, event))
          .map((recipient) => ({ recipient, templateId: null }));
      }
    }
    const out = new Map<number, Route>();
    for (const g of groups.sort((a, b) => a - b)) {
      if (!covers(g)) continue;
      for (const id of this.membersOf.get(g) ?? []) {
        const recipient = this.recipients.get(id);
        if (!recipient || !wants(recipient, event) || out.has(id)) continue;
        out.set(id, { recipient, templateId: this.templateFor(g, recipient.method_id, event) });
      }
    }
    return [...out.values()];
  }

  private templateFor(group: number, methodId: number, event: TemplateEvent): number | null {
    return matchingTemplate(this.templatesOf.get(group) ?? [], methodId, event);
  }
}
