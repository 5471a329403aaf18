/**
 * One step of an API endpoint monitor (`website-api`, `website-ssl-api`) as stored in
 * `monitors.config.api_steps`: every field present, defaults filled in by the monitor type's
 * validation (monitors/api-endpoint.ts). The executor (checks/) and the SoapUI conversion
 * (monitors/convert.ts) both read this shape, so it lives below both of them.
 */
export interface ApiStep {
  /** 1-based, unique within the monitor; stored secrets are matched by it on PATCH. */
  step_number: number;
  step_name: string;
  url: string;
  http_method: string;
  /** Request body, or null for none. */
  post: string | null;
  head: {
    http_basic_auth_username: string;
    /** Sealed by the secret box; null when none. */
    http_basic_auth_password: string | null;
    preemptive_authentication: boolean;
  };
  /** Values are stored as strings (`200` → `"200"`). */
  assertions: { source: string; property: string; comparison: string; value: string }[];
  /** Values captured from this step's response for later steps. */
  variables: { name: string; property: string }[];
}
