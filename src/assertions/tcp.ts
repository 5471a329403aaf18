import { classifyError, failed } from './verdict.ts';
import type { Phases, Verdict } from './verdict.ts';

/** What a TCP connect attempt saw. */
export type TcpObservation =
  | { ok: true; target: string; address: string; phases: Phases }
  | { ok: false; target: string; error: unknown };

/** Judges a TCP observation: connected is 0 (response time = connect time), else the failure's status. */
export function judgeTcp(o: TcpObservation): Verdict {
  if (!o.ok) {
    const { code, message } = classifyError(o.error, o.target);
    return failed(code, message);
  }
  const connect = o.phases.connect ?? 0;
  return {
    status: 0,
    info_msg: `connected to ${o.target} (${o.address}) in ${connect} ms`,
    responseMs: connect,
    phases: o.phases,
    steps: [],
    detail: { address: o.address },
  };
}
