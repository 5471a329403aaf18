// The dashboard talks only to the public API (/api/v3): everything it does, a script can do too.
// The access token lives in memory and in sessionStorage (gone with the tab), never localStorage.

const KEY = 'sitewatch.session';

/** The signed-in user as the dashboard needs it. */
export interface Session {
  /** Bearer access token from POST /api/v3/access-tokens. */
  token: string;
  /** Login name. */
  email: string;
  /** ADMIN, CO-ADMIN, POWER-USER, READONLY or REPORTONLY. */
  role: string;
  /** The user's guid, known to ADMIN and CO-ADMIN (they may read /users). */
  guid?: string;
}

let current: Session | null = null;
let onExpired: () => void = () => {};

/** The session kept for this tab, if any. */
export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    current = raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    current = null;
  }
  return current;
}

/** Stores (or clears, with null) the session of this tab. */
export function saveSession(s: Session | null): void {
  current = s;
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

/** Called once by the app: what to do when the API answers 401 (token expired or revoked). */
export function onSessionExpired(fn: () => void): void {
  onExpired = fn;
}

/** Writers may change monitors, blackouts, recipients, SLAs (docs/compatibility.md §3). */
export const canWrite = (role: string) => role === 'ADMIN' || role === 'CO-ADMIN' || role === 'POWER-USER';
/** Only ADMIN and CO-ADMIN manage users. */
export const canManageUsers = (role: string) => role === 'ADMIN' || role === 'CO-ADMIN';

/** An API error answer: the status and the envelope's first error. */
export class ApiError extends Error {
  constructor(
    /** HTTP status. */
    readonly status: number,
    message: string,
    /** Field names the API blamed (`fields` of the envelope). */
    readonly fields: string[] = [],
  ) {
    super(message);
  }
}

/** Calls the API with the session token; JSON in, JSON out. 401 ends the session. */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (current) headers.authorization = `Bearer ${current.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path.startsWith('/') ? path : `/api/v3/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy's error page): the status alone is reported.
  }
  if (res.ok) return json as T;
  const first = (json as { errors?: { message?: string; fields?: string[] }[] } | undefined)?.errors?.[0];
  if (res.status === 401 && current) {
    saveSession(null);
    onExpired();
  }
  throw new ApiError(res.status, first?.message ?? `HTTP ${res.status}`, first?.fields ?? []);
}

/** Signs in: one access token for this tab. */
export async function signIn(email: string, password: string): Promise<Session> {
  const r = await api<{ access_token: string }>('POST', 'access-tokens', { username: email, password });
  const s: Session = { token: r.access_token, email: email.trim().toLowerCase(), role: 'READONLY' };
  saveSession(s);
  // The token answer carries no role: read it from the user list (every role may read itself).
  const role = await roleOf(s.email);
  const done: Session = { ...current!, role };
  saveSession(done);
  return done;
}

async function roleOf(email: string): Promise<string> {
  try {
    const list = await api<{ results: { email: string; role: string; guid: string }[] }>(
      'GET',
      'users?limit=5000',
    );
    const me = list.results.find((u) => u.email === email);
    if (me) saveSession({ ...current!, guid: me.guid });
    return me?.role ?? 'READONLY';
  } catch {
    // Only ADMIN and CO-ADMIN may list users: anyone else is shown the read-only interface
    // unless the probe below says they may write.
    return (await probeWriter()) ? 'POWER-USER' : 'READONLY';
  }
}

async function probeWriter(): Promise<boolean> {
  const r = await api<{ metadata: { __permissions: { acl: number } } }>('GET', 'monitors?limit=1');
  return (r.metadata.__permissions.acl & 2) === 2;
}

/** Signs out: the token is revoked on the server, then forgotten here. */
export async function signOut(): Promise<void> {
  try {
    await api('DELETE', 'access-tokens');
  } finally {
    saveSession(null);
  }
}
