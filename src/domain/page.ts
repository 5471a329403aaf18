/** One list request's window (decisions: lists). */
export interface Page {
  limit: number;
  offset: number;
  /** What the envelope echoes: the request's values (capped), null where absent. */
  echo: { limit: number | null; offset: number | null };
}
