import { createContext, Script } from 'node:vm';

/** A user's regular expression ran past its time limit (catastrophic backtracking). */
export class RegexTimeoutError extends Error {
  constructor(readonly pattern: string) {
    super(`regular expression ${pattern} took too long`);
  }
}

/** How long one user regex may run: checks share the event loop with every other tenant. */
export const USER_REGEX_TIMEOUT_MS = 100;

// Patterns come from monitor configs, so a tenant could write /^(a+)+$/ and stall the whole
// process. A vm timeout interrupts V8's regex engine; the run costs ~60 µs of watchdog overhead.
const sandbox = createContext({});
const run = new Script('re.test(text)');

/** `new RegExp(pattern).test(text)`, interrupted after `timeoutMs` (throws RegexTimeoutError). */
export function testUserRegex(pattern: string, text: string, timeoutMs = USER_REGEX_TIMEOUT_MS): boolean {
  const re = new RegExp(pattern);
  Object.assign(sandbox, { re, text });
  try {
    return run.runInContext(sandbox, { timeout: timeoutMs }) as boolean;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      throw new RegexTimeoutError(pattern);
    throw err;
  } finally {
    Object.assign(sandbox, { re: null, text: null });
  }
}
