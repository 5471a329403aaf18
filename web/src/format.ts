/** How a status looks: a CSS tone and the words shown beside the colour. */
export function statusLook(
  status: number | null,
  desc: string | null,
  internal = false,
): { tone: 'ok' | 'bad' | 'warn' | 'idle'; text: string } {
  if (status === null) return { tone: 'idle', text: 'Not run yet' };
  if (status === 0) return { tone: 'ok', text: 'OK' };
  if (internal) return { tone: 'warn', text: desc ?? `Status ${status}` };
  return { tone: 'bad', text: desc ?? `Status ${status}` };
}

/** "3 min", "2 h", "4 d" since `ms` (relative to `now`). */
export function since(ms: number | null, now: number): string {
  if (ms === null) return '—';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

/** Milliseconds as "0.412 s". */
export const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(3)} s`);

/** "YYYY-MM-DD HH:MM:SS" (UTC, as the API writes it) → epoch ms. */
export const utc = (dt: string) => Date.parse(dt.replace(' ', 'T') + 'Z');
