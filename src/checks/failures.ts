// Re-exported for executors: the table and its helpers live with the judges (assertions/verdict.ts).
export { FAILURE_STATUS, classifyError, failed, type FailureCode } from '../assertions/verdict.ts';
