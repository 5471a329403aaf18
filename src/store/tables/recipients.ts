// Table types of migration 0004-recipients; src/store/schema.ts merges them into Database.
import type { Generated } from 'kysely';

export interface RecipientTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  method_id: number;
  /** Destination: email address, URL, phone number… per method. */
  recipient: string;
  username: string | null;
  /** Sealed with deps.secrets; never returned by the API. */
  password_sealed: string | null;
  availability_alert: number;
  notify_on_clear: number;
  attach_screen_capture: number;
  attach_server_response: number;
  start_threshold: number;
  stop_threshold: number;
  remote_commands: number;
  performance_alert: number;
  performance_alert_type: string | null;
  repeat_performance_alerts: number;
  created_at: number;
}

export interface NotifierGroupTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  is_default: number;
  created_at: number;
}

export interface NotifierGroupMonitorTable {
  group_id: number;
  monitor_id: number;
  /** 0 = the whole monitor, else one step from 1. */
  step_number: number;
}

export interface NotifierGroupRecipientTable {
  group_id: number;
  recipient_id: number;
}

export interface NotifierGroupErrortypeTable {
  group_id: number;
  /** A status code of docs/status-codes.md. */
  code: number;
}

export interface NotifierGroupTemplateTable {
  group_id: number;
  template_id: number;
}

/** Tables of this resource group, by table name. */
export interface RecipientTables {
  recipients: RecipientTable;
  notifier_groups: NotifierGroupTable;
  notifier_group_monitors: NotifierGroupMonitorTable;
  notifier_group_recipients: NotifierGroupRecipientTable;
  notifier_group_errortypes: NotifierGroupErrortypeTable;
  notifier_group_templates: NotifierGroupTemplateTable;
}
