import { judgeTcp, type TcpObservation } from '../assertions/tcp.ts';
import { openSession } from './line-session.ts';
import { defineExecutor, type CheckExecutor } from './types.ts';

/**
 * The host a network monitor contacts. AlertSite's IP form is `hostname` = IP, `ipv4` = IP,
 * `resolve_dns: false`; when `resolve_dns` is false and `ipv4` is set, that address is used as is.
 */
export function networkHost(config: Record<string, unknown>): string {
  const ipv4 = typeof config.ipv4 === 'string' ? config.ipv4.trim() : '';
  if (config.resolve_dns === false && ipv4 !== '') return ipv4;
  return String(config.hostname ?? '');
}

/**
 * `tcp`: opens a connection to `hostname`:`port` and closes it. The monitor type has no banner
 * field, so nothing is read; the connection time is the response time (assertions/tcp.ts judges).
 */
export const tcpExecutor: CheckExecutor = defineExecutor<TcpObservation>({
  kind: 'tcp',
  types: ['tcp'],
  async observe(input, ctx) {
    const host = networkHost(input.config);
    const target = `${host}:${String(input.config.port)}`;
    try {
      const s = await openSession(ctx, { host, port: Number(input.config.port), implicitTls: false });
      s.close();
      return {
        ok: true,
        target,
        address: s.address,
        phases: { dns: s.phases.dns, connect: s.phases.connect },
      };
    } catch (error) {
      return { ok: false, target, error };
    }
  },
  judge: (_input, obs) => judgeTcp(obs),
});
