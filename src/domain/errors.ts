/** An error that reaches the client as `{"errors":[{"code","message","fields"?}]}` (docs/compatibility.md §4). */
export class ApiError extends Error {
  constructor(
    /** HTTP status, also the envelope's `code`. */
    readonly status: number,
    message: string,
    /** Body or query fields at fault, for validation errors. */
    readonly fields?: string[],
    /** Extra response headers (Retry-After, WWW-Authenticate, Allow). */
    readonly headers?: Record<string, string>,
    /** Further envelope entries after the first (one per field in validation errors). */
    readonly more: { message: string; fields?: string[] }[] = [],
  ) {
    super(message);
  }

  /** The `{"errors": [...]}` body of this error. */
  body() {
    return {
      errors: [{ message: this.message, fields: this.fields }, ...this.more].map((e) =>
        entry(this.status, e.message, e.fields),
      ),
    };
  }
}

function entry(code: number, message: string, fields?: string[]) {
  const error: { code: number; message: string; fields?: string[] } = { code, message };
  if (fields && fields.length > 0) error.fields = fields;
  return error;
}

export const notFound = () => new ApiError(404, 'Record not found');
export const forbidden = () => new ApiError(403, 'forbidden - Your role does not allow this operation.');
export const invalid = (field: string, message: string) => new ApiError(400, message, [field]);
/** A rule of the resource was broken (docs/compatibility.md §15: rule violations answer 400). */
export const ruleViolation = (message: string, fields?: string[]) => new ApiError(400, message, fields);

/** Builds the error envelope body of a single error. */
export const errorBody = (status: number, message: string, fields?: string[]) => ({
  errors: [entry(status, message, fields)],
});
