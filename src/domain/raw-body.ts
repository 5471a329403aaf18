/**
 * A non-JSON answer (a file download) that a `get` may return instead of an object: sent as-is,
 * `select` does not apply.
 */
export class RawBody {
  constructor(
    /** Media type of `body`. */
    readonly contentType: string,
    /** The bytes to send. */
    readonly body: Uint8Array,
    /** Extra headers, such as Content-Disposition. */
    readonly headers: Record<string, string> = {},
  ) {}
}
