import type { TProperties } from 'typebox';
import type { SecretBox } from '../auth/secret-box.ts';

/** A monitor's type-specific fields as stored in `monitors.config` (JSON). */
export type Config = Record<string, unknown>;

/** How a type keeps its script, for types that have one. */
export interface ScriptSpec {
  /** Whether the API accepts `script` in bodies (Selenium JARs are read-only through v3). */
  writable: boolean;
  /** The name of the single file in the `download_script` zip. */
  fileName(monitorName: string): string;
  /** The file's bytes from the stored script (Selenium stores base64). */
  bytes(script: string): Uint8Array;
}

/**
 * One AlertSite monitor type as the API knows it: fields, defaults, validation. Registered once in
 * `registry.ts`, beside the executor that runs it; routes are generated from the registry.
 */
export interface MonitorTypeSpec {
  /** The AlertSite type string: path segment, `type` field and the engine's executor key. */
  readonly type: string;
  /** Human name for the API console. */
  readonly title: string;
  /** Type-specific body fields; every one optional in the schema, see `required`. */
  readonly fields: TProperties;
  /** Fields a create must carry, beyond `name` (billing_plancode never: docs/compatibility.md §6). */
  readonly required: readonly string[];
  /** Values of omitted type fields on create. */
  readonly defaults: Readonly<Config>;
  /** Top-level config fields holding secrets: sealed at rest, shown as null. */
  readonly secrets: readonly string[];
  /** `POST /monitors/<type>` exists (false: Selenium, BitBar, ServerAgent). */
  readonly creatable: boolean;
  /** `PATCH /monitors/<type>/{id}` exists (false: BitBar, ServerAgent). */
  readonly editable: boolean;
  /** Present for types with a `script`. */
  readonly script?: ScriptSpec;
  /**
   * For a type with an executor (registry.ts), whether this monitor's config gives it something to
   * run (DéjàClick: only with a `url`); absent means always. API-only types have no executor at all.
   */
  runsWhen?(config: Config): boolean;
  /**
   * Rules beyond the schema on the merged config (create: defaults + body; PATCH: stored + body);
   * throws `invalid(field, message)`. `script` is the merged script, for "script or url" rules.
   */
  validate?(config: Config, script: string | null): void;
  /**
   * Seals nested secrets (api_steps passwords) that `body` sent, into `config`; `previous` is the
   * stored config on PATCH.
   */
  sealNested?(config: Config, body: Config, previous: Config | null, box: SecretBox): void;
  /** Replaces nested secrets with null for display. */
  hideNested?(config: Config): void;
}
