import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Why a destination is refused: some ranges the operator may open, some never. */
export type RefusalReason = 'always' | 'local' | 'denied';

const REASON_TEXT: Record<RefusalReason, string> = {
  always: ' (link-local and cloud metadata addresses are never allowed)',
  local: ' (loopback or an address of this host; SITEWATCH_EGRESS_ALLOW can allow it)',
  denied: ' (listed in SITEWATCH_EGRESS_DENY)',
};

/** A destination the egress policy refuses (check status 20). */
export class EgressRefusedError extends Error {
  readonly code = 'EGRESS_REFUSED';
  constructor(
    readonly address: string,
    readonly reason?: RefusalReason,
  ) {
    super(`destination ${address} is refused by the egress policy${reason ? REASON_TEXT[reason] : ''}`);
  }
}

/** A host name that does not resolve (check status 4). */
export class DnsFailedError extends Error {
  readonly code = 'DNS_FAILED';
  constructor(
    readonly hostname: string,
    readonly reason: string,
  ) {
    super(`host name ${hostname} could not be resolved (${reason})`);
  }
}

/** Decides which addresses checks may connect to (docs/compatibility.md §12). */
export interface EgressPolicy {
  /** Whether a literal IP address may be contacted. */
  allows(address: string): boolean;
  /**
   * Resolves a host (name or literal IP) to the address to connect to, refusing destinations the
   * policy forbids. Connect to the returned address, never to the name, so the address checked is
   * the address used (no DNS-rebinding gap); pass the name as TLS servername / Host header.
   */
  resolve(host: string, signal?: AbortSignal): Promise<{ address: string; family: 4 | 6 }>;
}

/** Always refused: link-local (cloud metadata lives at 169.254.169.254) and AWS's IPv6 metadata. */
const ALWAYS_DENIED = ['169.254.0.0/16', 'fe80::/10', 'fd00:ec2::254/128'];
/** Refused unless SITEWATCH_EGRESS_ALLOW lists them: loopback and "this host". */
const DENIED_BY_DEFAULT = ['127.0.0.0/8', '::1/128', '0.0.0.0/8', '::/128'];

function blockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split('/');
    const family = isIP(net!) === 6 ? 'ipv6' : 'ipv4';
    const prefix = bits === undefined ? (family === 'ipv6' ? 128 : 32) : Number(bits);
    list.addSubnet(net!, prefix, family);
  }
  return list;
}

/** `::ffff:10.0.0.1` is 10.0.0.1 for policy purposes. */
function normalize(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** Every address of this host's own interfaces (a service bound to 0.0.0.0 answers on each). */
export function hostAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined)
    .map((i) => normalize(i.address.replace(/%.*$/, '')).address);
}

/** How long the host's interface list is trusted before it is read again (DHCP, VPNs change it). */
const HOST_ADDRESSES_TTL_MS = 30_000;

/**
 * Builds the policy from operator CIDR lists (already validated by the settings). The host's own
 * interface addresses count as loopback (docs/compatibility.md §12): refused unless allowed, so a
 * monitor cannot probe services of the machine it runs on through its LAN address.
 */
export function egressPolicy(opts: {
  allow: readonly string[];
  deny: readonly string[];
  /** The host's own addresses; os.networkInterfaces() unless a test injects them. */
  hostAddresses?: () => string[];
}): EgressPolicy {
  const always = blockList(ALWAYS_DENIED);
  const byDefault = blockList(DENIED_BY_DEFAULT);
  const allow = blockList(opts.allow);
  const deny = blockList(opts.deny);
  const readHost = opts.hostAddresses ?? hostAddresses;
  let own = { at: -Infinity, set: new Set<string>() };
  const ownAddresses = () => {
    const now = performance.now();
    if (now - own.at > HOST_ADDRESSES_TTL_MS) own = { at: now, set: new Set(readHost()) };
    return own.set;
  };

  const refusal = (raw: string): RefusalReason | null => {
    const { address, family } = normalize(raw);
    if (isIP(address) === 0) return 'always';
    if (always.check(address, family)) return 'always';
    if (deny.check(address, family)) return 'denied';
    const local = byDefault.check(address, family) || ownAddresses().has(address);
    if (local && !allow.check(address, family)) return 'local';
    return null;
  };
  const allows = (raw: string) => refusal(raw) === null;

  return {
    allows,
    async resolve(host, signal) {
      const bare = host.replace(/^\[(.*)\]$/, '$1');
      if (isIP(bare)) {
        const reason = refusal(bare);
        if (reason) throw new EgressRefusedError(bare, reason);
        return { address: bare, family: isIP(bare) as 4 | 6 };
      }
      signal?.throwIfAborted();
      let found: { address: string; family: number }[];
      try {
        found = await dnsLookup(bare, { all: true, verbatim: true });
      } catch (err) {
        throw new DnsFailedError(bare, (err as NodeJS.ErrnoException).code ?? 'lookup failed');
      }
      signal?.throwIfAborted();
      const ok = found.find((a) => allows(a.address));
      if (!ok) {
        const first = found[0]?.address ?? bare;
        throw new EgressRefusedError(first, refusal(first) ?? 'always');
      }
      return { address: ok.address, family: ok.family as 4 | 6 };
    },
  };
}
