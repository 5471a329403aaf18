import { openDialogue } from './dialogue.ts';
import { classifyError, failed } from './failures.ts';
import type { CheckExecutor, Phases, Verdict } from './types.ts';

/**
 * The host a network monitor contacts. AlertSite's IP form is `hostname` = IP, `ipv4` = IP,
 * `resolve_dns: false`; when `resolve_dns` is false and `ipv4` is set, that address is used as is.
 */
export function networkHost(config: Record<string, unknown>): string {
  const ipv4 = typeof config.ipv4 === 'string' ? config.ipv4.trim() : '';
  if (config.resolve_dns === false && ipv4 !== '') return ipv4;
  return String(config.hostname ?? '');
}

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

/**
 * `tcp`: opens a connection to `hostname`:`port` and closes it. The monitor type has no banner
 * field, so nothing is read; the connection time is the response time.
 */
export const tcpExecutor: CheckExecutor = {
  kind: 'tcp',
  types: ['tcp'],
  async run(input, ctx) {
    const host = networkHost(input.config);
    const target = `${host}:${String(input.config.port)}`;
    try {
      const d = await openDialogue(ctx, { host, port: Number(input.config.port) });
      d.close();
      return judgeTcp({ ok: true, target, address: d.address, phases: d.phases });
    } catch (error) {
      return judgeTcp({ ok: false, target, error });
    }
  },
};
