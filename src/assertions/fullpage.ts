import type { FailureCode } from './verdict.ts';
import { statusLine } from './http-status.ts';
import type { Problem } from './problem.ts';

/** What fetching one embedded object showed. */
export interface ObjectResult {
  url: string;
  /** HTTP status of the final response; absent when the transport failed. */
  status?: number;
  statusText?: string;
  /** Bytes received. */
  bytes: number;
  /** Content-Length the server declared, if any. */
  declaredLength: number | null;
  ms: number;
  /** Transport failure (TIMEOUT, TCP_FAILED, …) and its sentence. */
  failure?: { code: FailureCode; message: string };
}

/** Objects named in one info_msg before "and N more". */
const NAMED = 3;

function listed(items: string[]): string {
  const more = items.length > NAMED ? ` and ${items.length - NAMED} more` : '';
  return items.slice(0, NAMED).join('; ') + more;
}

/** An object whose body ended short of (or beyond) what it declared: its size changed under us. */
function sizeMismatch(o: ObjectResult): boolean {
  return o.declaredLength !== null && o.bytes !== o.declaredLength;
}

/**
 * Judges the embedded objects: a timed-out object → 7123 (whatever the flags: the object timeout
 * always applies), with `check_fullpage_missing_objects` a 4xx/5xx or unreachable object → 7121,
 * with `check_fullpage_object_sizes` an object whose received size differs from its declared
 * Content-Length → 7122. Sitewatch keeps no sizes from earlier runs, so "changed size" means
 * "changed while being sent". Missing is reported before timed out before size.
 */
export function judgeObjects(
  objects: readonly ObjectResult[],
  flags: { missing: boolean; sizes: boolean; timeoutS: number },
): Problem | null {
  const missing = objects.filter(
    (o) =>
      (o.status !== undefined && o.status >= 400) ||
      (o.failure && o.failure.code !== 'TIMEOUT' && !sizeMismatch(o)),
  );
  if (flags.missing && missing.length) {
    const items = missing.map(
      (o) =>
        `${o.url} (${o.status !== undefined ? statusLine(o.status, o.statusText ?? '') : o.failure!.message})`,
    );
    const n =
      missing.length === 1
        ? 'an embedded object is'
        : `${missing.length} of ${objects.length} embedded objects are`;
    return { code: 'FULLPAGE_MISSING', message: `${n} missing: ${listed(items)}` };
  }
  const slow = objects.filter((o) => o.failure?.code === 'TIMEOUT');
  if (slow.length) {
    const n = slow.length === 1 ? 'an embedded object' : `${slow.length} embedded objects`;
    return {
      code: 'FULLPAGE_TIMEOUT',
      message: `${n} did not load within ${flags.timeoutS} s: ${listed(slow.map((o) => o.url))}`,
    };
  }
  const resized = objects.filter(sizeMismatch);
  if (flags.sizes && resized.length) {
    const items = resized.map((o) => `${o.url} (${o.bytes} of ${o.declaredLength} declared bytes)`);
    return { code: 'FULLPAGE_SIZE', message: `embedded object size changed: ${listed(items)}` };
  }
  return null;
}
