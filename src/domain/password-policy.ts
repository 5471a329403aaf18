import { createRequire } from 'node:module';

// The dictionaries (~14 MiB in memory) are loaded when a password is first set, not at start:
// most processes (workers, API processes serving reads) never set one.
const load = () =>
  (createRequire(import.meta.url)('@zxcvbn-ts/language-common') as { dictionary: Record<string, unknown> })
    .dictionary;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

let common: Set<string> | undefined;

// ~49,000 passwords seen most often in breaches; only those long enough to pass the length rule matter.
function commonPasswords(): Set<string> {
  common ??= new Set(
    (load()['passwords-common'] as string[])
      .filter((p) => p.length >= PASSWORD_MIN)
      .map((p) => p.toLowerCase()),
  );
  return common;
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (commonPasswords().has(password.toLowerCase())) return 'is too common; choose a less guessable password';
  return null;
}
