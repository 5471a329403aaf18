import { execFile, type ExecFileException } from 'node:child_process';
import { classifyError, failed } from './failures.ts';
import { networkHost } from './tcp.ts';
import type { CheckExecutor, Verdict } from './types.ts';

/** What iputils `ping` reported in its statistics block. */
export interface PingStats {
  transmitted: number;
  received: number;
  /** Packet loss in percent, as ping printed it (33.3333). */
  lossPct: number;
  /** Round-trip times in ms; absent when nothing came back. */
  rtt?: { min: number; avg: number; max: number };
  /** The first ICMP error line ("Destination Host Unreachable"), when ping printed one. */
  error?: string;
}

/** Reads the summary of iputils output (LC_ALL=C); null when there is none. */
export function parsePingOutput(stdout: string): PingStats | null {
  const counts = /(\d+) packets transmitted, (\d+) (?:packets )?received.*?([\d.]+)% packet loss/.exec(
    stdout,
  );
  if (!counts) return null;
  const stats: PingStats = {
    transmitted: Number(counts[1]),
    received: Number(counts[2]),
    lossPct: Number(counts[3]),
  };
  const rtt = /min\/avg\/max(?:\/\w+)? = ([\d.]+)\/([\d.]+)\/([\d.]+)/.exec(stdout);
  if (rtt) stats.rtt = { min: Number(rtt[1]), avg: Number(rtt[2]), max: Number(rtt[3]) };
  const icmpError = /^From \S+(?: \([^)]*\))? icmp_seq=\d+ (.+)$/m.exec(stdout);
  if (icmpError) stats.error = icmpError[1]!.trim();
  return stats;
}

/**
 * Judges one ping run. Every packet lost is 14; a partial loss is still OK (the host answers) with
 * the loss in info_msg and detail, so a flaky link shows in the results without paging anyone.
 * The response time is the average round trip.
 */
export function judgePing(address: string, stats: PingStats | null, stderr: string): Verdict {
  const complaint =
    stderr
      .trim()
      .split('\n')[0]
      ?.replace(/^ping: /, '') ?? '';
  if (!stats) {
    // ping exits 2 without statistics for local failures; an unreachable network is the target's side.
    if (/unreachable/i.test(complaint))
      return failed('PING_NO_REPLY', `${address} is unreachable (${complaint})`);
    return failed(
      'INTERNAL',
      `ping could not run on the agent: ${complaint || 'no statistics in its output'}`,
    );
  }
  const lost = stats.transmitted - stats.received;
  const detail: Record<string, number | string> = {
    address,
    transmitted: stats.transmitted,
    received: stats.received,
    packet_loss_pct: stats.lossPct,
  };
  if (stats.received === 0 || !stats.rtt) {
    const why = stats.error ? ` (${stats.error})` : '';
    return {
      ...failed('PING_NO_REPLY', `${lost} of ${stats.transmitted} packets lost to ${address}${why}`),
      detail,
    };
  }
  const { min, avg, max } = stats.rtt;
  Object.assign(detail, { rtt_min_ms: min, rtt_avg_ms: avg, rtt_max_ms: max });
  const summary =
    lost > 0
      ? `${lost} of ${stats.transmitted} packets lost to ${address} (${stats.lossPct}% loss)`
      : `${stats.received} of ${stats.transmitted} replies from ${address}`;
  return {
    status: 0,
    info_msg: `${summary}; round trip min/avg/max ${min}/${avg}/${max} ms`,
    responseMs: avg,
    phases: {},
    steps: [],
    detail,
  };
}

/** Options of the ping executor (tests point `binary` at a missing file to see status 21). */
export interface PingOptions {
  /** Absolute path of iputils ping; default /usr/bin/ping (Debian's iputils-ping). */
  binary?: string;
  /** Echo requests per check; default 3. */
  count?: number;
}

/** 0.2 s is the shortest interval iputils allows unprivileged users; 3 requests take ~0.4 s + the wait. */
const INTERVAL_S = 0.2;

/**
 * Per-reply wait in whole seconds (iputils -W): what the deadline leaves after the send interval,
 * between 1 and 5 s, so ping reports its own statistics before the deadline kills it.
 */
export function replyWaitSeconds(timeoutMs: number, count: number): number {
  const left = (timeoutMs - (count - 1) * INTERVAL_S * 1000) / 1000;
  return Math.min(5, Math.max(1, Math.floor(left - 0.5)));
}

function runPing(
  binary: string,
  args: string[],
  signal: AbortSignal,
): Promise<{ stdout: string; stderr: string; error: ExecFileException | null }> {
  return new Promise((resolve) => {
    // No shell; a fixed C locale keeps the statistics parseable; the signal kills the child.
    execFile(
      binary,
      args,
      { signal, encoding: 'utf8', env: { LC_ALL: 'C' }, maxBuffer: 64 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => resolve({ stdout, stderr, error }),
    );
  });
}

/** Builds the `ping` executor: system ping to the egress-resolved address (never a name). */
export function createPingExecutor(opts: PingOptions = {}): CheckExecutor {
  const binary = opts.binary ?? '/usr/bin/ping';
  const count = opts.count ?? 3;
  return {
    kind: 'ping',
    types: ['ping'],
    async run(input, ctx) {
      const host = networkHost(input.config);
      let resolved: { address: string; family: 4 | 6 };
      try {
        resolved = await ctx.egress.resolve(host, ctx.signal);
      } catch (err) {
        const { code, message } = classifyError(err, host);
        return failed(code, message);
      }
      const wait = replyWaitSeconds(input.timeoutMs, count);
      const args = [resolved.family === 6 ? '-6' : '-4', '-n', '-c', String(count), '-i', String(INTERVAL_S)];
      args.push('-W', String(wait), resolved.address);
      const { stdout, stderr, error } = await runPing(binary, args, ctx.signal);
      if (error?.code === 'ENOENT' || error?.code === 'EACCES') {
        return failed(
          'INTERNAL',
          `the ping command is not available on this agent (${binary}: ${error.code})`,
        );
      }
      if (ctx.signal.aborted) return failed('TIMEOUT', `${host} did not answer ping in time`);
      return judgePing(resolved.address, parsePingOutput(stdout), stderr);
    },
  };
}

/** The registered ping executor (3 echo requests, /usr/bin/ping). */
export const pingExecutor = createPingExecutor();
