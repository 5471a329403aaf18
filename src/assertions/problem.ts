import type { FailureCode } from './verdict.ts';

/** A judge's finding: the failure code (checks/failures.ts maps it to a status) and what a person reads. */
export interface Problem {
  /** Failure code of the one table in checks/failures.ts. */
  code: FailureCode;
  /** The info_msg sentence. */
  message: string;
}
