// The conformance table of test/checks/conformance.test.ts: one row per target fault, with the
// status and info_msg sitewatch must answer. `{port}`-style values come from the running targets.

/** Ports (and names) of the targets conformance.test.ts starts. */
export interface Targets {
  http: number;
  /** The plain HTTP target, on ::1. */
  ipv6: number;
  good: number;
  expired: number;
  self: number;
  wrong: number;
  stale: number;
  chain: number;
  tls10: number;
  tls12: number;
  closed: number;
  dns: number;
  silentDns: number;
  smtpOk: number;
  smtpTls: number;
  smtp554: number;
  smtpSilent: number;
  smtpUntrusted: number;
  unresolvable: string;
}

/** One fault and the verdict it must get. */
export interface Case {
  fault: string;
  /** Monitor type. */
  type: string;
  /** Monitor config (web types get the defaults of monitors/web.ts added). */
  config: Record<string, unknown>;
  status: number;
  /** Exact text, or a pattern where the text holds a time or a date. */
  info: string | RegExp;
  /** Monitor timeout in seconds: 1 for the rows that wait for it, else 5 (a loaded CI machine). */
  timeout?: number;
}

const L = '127\\.0\\.0\\.1';
const DATE = '\\d{4}-\\d\\d-\\d\\d';
const re = (s: string) => new RegExp(`^${s}$`);
const web = (
  fault: string,
  url: string,
  status: number,
  info: string | RegExp,
  over: Record<string, unknown> = {},
): Case => ({
  fault,
  type: url.startsWith('https:') ? 'website-ssl' : 'website',
  config: { url, keyword_string: 'Featured products', ...over },
  status,
  info,
});
const tcp = (fault: string, hostname: string, port: number, status: number, info: string | RegExp): Case => ({
  fault,
  type: 'tcp',
  config: { hostname, port, ipv4: '', resolve_dns: true },
  status,
  info,
});
const dns = (fault: string, port: number, name: string, status: number, info: string | RegExp): Case => ({
  fault,
  type: 'name-server',
  config: {
    hostname: '127.0.0.1',
    ipv4: '',
    resolve_dns: true,
    port,
    name_to_resolve: name,
    name_to_resolve_id: 0,
  },
  status,
  info,
});
const smtp = (fault: string, port: number, status: number, info: string | RegExp): Case => ({
  fault,
  type: 'email-smtp',
  config: { hostname: '127.0.0.1', port, username: '' },
  status,
  info,
});

/** A row whose target never answers: the monitor's timeout is 1 s, so the row ends quickly. */
const waits = (c: Case): Case => ({ ...c, timeout: 1 });

/** Every fault, by protocol. */
export const CONFORMANCE: readonly ((t: Targets) => Case)[] = [
  // TLS
  (t) =>
    web(
      'TLS: certificate from the private CA (SITEWATCH_CA_CERTS)',
      `https://127.0.0.1:${t.good}/`,
      0,
      'HTTP 200 OK',
    ),
  (t) => web('TLS: same, by host name', `https://localhost:${t.good}/`, 0, 'HTTP 200 OK'),
  (t) =>
    web(
      'TLS: expired',
      `https://127.0.0.1:${t.expired}/`,
      13,
      re(`the TLS certificate of ${L}:${t.expired} expired on ${DATE}`),
    ),
  (t) =>
    web('TLS: expired, expiry checks "Off"', `https://127.0.0.1:${t.expired}/`, 0, 'HTTP 200 OK', {
      check_ssl_expiration_dates: 'Off',
    }),
  (t) =>
    web(
      'TLS: inside the 30-day warning window',
      `https://127.0.0.1:${t.good}/`,
      13,
      re(
        `the TLS certificate of ${L}:${t.good} expires in \\d+ days \\(${DATE}\\), inside the 30-day warning window`,
      ),
      { check_ssl_expiration_dates: '30 Days' },
    ),
  (t) =>
    web(
      'TLS: self-signed',
      `https://127.0.0.1:${t.self}/`,
      12,
      `the TLS certificate of 127.0.0.1:${t.self} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT, issuer CN=self-signed)`,
    ),
  (t) =>
    web(
      'TLS: wrong host',
      `https://127.0.0.1:${t.wrong}/`,
      12,
      `the TLS certificate of 127.0.0.1:${t.wrong} does not match the host (CN=wrong)`,
    ),
  (t) =>
    web(
      'TLS: untrusted CA and expired (trust first)',
      `https://127.0.0.1:${t.stale}/`,
      12,
      re(
        `the TLS certificate of ${L}:${t.stale} is not trusted \\(UNABLE_TO_GET_ISSUER_CERT_LOCALLY, issuer CN=stranger-ca\\); it also expired on ${DATE}`,
      ),
      { check_ssl_expiration_dates: 'Off' },
    ),
  (t) =>
    web(
      'TLS: incomplete chain (intermediate not sent)',
      `https://127.0.0.1:${t.chain}/`,
      12,
      `the TLS certificate of 127.0.0.1:${t.chain} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE, issuer CN=chain-intermediate)`,
    ),
  (t) =>
    web(
      'TLS: server speaks only TLS 1.0',
      `https://127.0.0.1:${t.tls10}/`,
      11,
      re(`TLS handshake with ${L}:${t.tls10} failed \\(\\w+\\)`),
    ),
  (t) =>
    web(
      'TLS: use_ssl_version 6 (TLS 1.3) against a TLS 1.2 server',
      `https://127.0.0.1:${t.tls12}/`,
      11,
      re(`TLS handshake with ${L}:${t.tls12} failed \\(\\w+\\)`),
      { use_ssl_version: 6 },
    ),
  (t) =>
    web(
      'TLS: use_ssl_version 5 (TLS 1.2) against a TLS 1.2 server',
      `https://127.0.0.1:${t.tls12}/`,
      0,
      'HTTP 200 OK',
      { use_ssl_version: 5 },
    ),
  (t) =>
    web(
      'TLS: https to a plain HTTP server',
      `https://127.0.0.1:${t.http}/`,
      11,
      re(`TLS handshake with ${L}:${t.http} failed \\(\\w+\\)`),
    ),
  // HTTP
  (t) => web('HTTP: 200 with the keyword', `http://127.0.0.1:${t.http}/`, 0, 'HTTP 200 OK'),
  (t) => web('HTTP: IPv6 literal', `http://[::1]:${t.ipv6}/`, 0, 'HTTP 200 OK'),
  (t) => web('HTTP: 503', `http://127.0.0.1:${t.http}/503`, 7, 'HTTP 503 Service Unavailable'),
  (t) =>
    web(
      'HTTP: keyword missing',
      `http://127.0.0.1:${t.http}/`,
      5,
      'keyword "Sold out" not found on the page',
      { keyword_string: 'Sold out' },
    ),
  (t) =>
    web(
      'HTTP: forbidden keyword present',
      `http://127.0.0.1:${t.http}/`,
      9,
      'forbidden keyword "Featured" is present on the page',
      { keyword_string: 'Featured', keyword_match_invert: true },
    ),
  (t) => web('HTTP: redirect followed', `http://127.0.0.1:${t.http}/redirect`, 0, 'HTTP 200 OK'),
  (t) =>
    web(
      'HTTP: redirect loop',
      `http://127.0.0.1:${t.http}/loop`,
      8,
      'more than 10 redirects (the last to /loop)',
    ),
  (t) =>
    waits(
      web(
        'HTTP: no answer (timeout)',
        `http://127.0.0.1:${t.http}/hang`,
        2,
        `no complete answer from 127.0.0.1:${t.http} within 1 s`,
      ),
    ),
  (t) =>
    web(
      'HTTP: connection reset',
      `http://127.0.0.1:${t.http}/reset`,
      6,
      `connection to 127.0.0.1:${t.http} was closed or reset`,
    ),
  (t) =>
    web(
      'HTTP: not HTTP',
      `http://127.0.0.1:${t.http}/garbage`,
      3,
      re(`${L}:${t.http} sent an invalid HTTP response \\(.+\\)`),
    ),
  (t) =>
    web(
      'HTTP: body shorter than Content-Length',
      `http://127.0.0.1:${t.http}/short`,
      6,
      `connection to 127.0.0.1:${t.http} was closed or reset`,
    ),
  (t) => web('HTTP: chunked page', `http://127.0.0.1:${t.http}/chunked`, 0, 'HTTP 200 OK'),
  (t) =>
    web('HTTP: Latin-1 by header', `http://127.0.0.1:${t.http}/latin1`, 0, 'HTTP 200 OK', {
      keyword_string: 'Café',
    }),
  (t) =>
    web('HTTP: Latin-1 by meta only', `http://127.0.0.1:${t.http}/latin1-meta`, 0, 'HTTP 200 OK', {
      keyword_string: 'Café',
    }),
  (t) => web('HTTP: gzip sent unasked', `http://127.0.0.1:${t.http}/gzip`, 0, 'HTTP 200 OK'),
  (t) => web('HTTP: br', `http://127.0.0.1:${t.http}/br`, 0, 'HTTP 200 OK'),
  (t) => web('HTTP: deflate', `http://127.0.0.1:${t.http}/deflate`, 0, 'HTTP 200 OK'),
  (t) =>
    web(
      'HTTP: corrupt gzip',
      `http://127.0.0.1:${t.http}/corrupt-gzip`,
      3,
      `127.0.0.1:${t.http}: the gzip body could not be decoded (incorrect header check)`,
    ),
  (t) =>
    web(
      'HTTP: ~400 KB of headers',
      `http://127.0.0.1:${t.http}/headers-400k`,
      3,
      `127.0.0.1:${t.http} sent more than 256 KiB of response headers`,
    ),
  (t) =>
    web(
      'HTTP: 1 GB body',
      `http://127.0.0.1:${t.http}/endless`,
      0,
      'HTTP 200 OK (read the first 4 MiB of a longer body)',
      { keyword_string: '' },
    ),
  (t) =>
    web(
      'HTTP: connection refused',
      `http://127.0.0.1:${t.closed}/`,
      1,
      `connection refused by 127.0.0.1:${t.closed}`,
    ),
  (t) =>
    web(
      'HTTP: name does not resolve',
      `http://${t.unresolvable}/`,
      4,
      re(`host name ${t.unresolvable} could not be resolved \\(\\w+\\)`),
    ),
  () =>
    web(
      'HTTP: cloud metadata address (egress)',
      'http://169.254.169.254/',
      20,
      'destination 169.254.169.254 is refused by the egress policy (link-local and cloud metadata addresses are never allowed)',
    ),
  // TCP
  (t) =>
    tcp(
      'TCP: open port',
      '127.0.0.1',
      t.http,
      0,
      re(`connected to 127\\.0\\.0\\.1:${t.http} \\(127\\.0\\.0\\.1\\) in \\d+ ms`),
    ),
  (t) => tcp('TCP: refused', '127.0.0.1', t.closed, 1, `connection refused by 127.0.0.1:${t.closed}`),
  (t) =>
    tcp(
      'TCP: name does not resolve',
      t.unresolvable,
      80,
      4,
      re(`host name ${t.unresolvable} could not be resolved \\(\\w+\\)`),
    ),
  () =>
    tcp(
      'TCP: cloud metadata address (egress)',
      '169.254.169.254',
      80,
      20,
      'destination 169.254.169.254 is refused by the egress policy (link-local and cloud metadata addresses are never allowed)',
    ),
  // DNS
  (t) => dns('DNS: A answered', t.dns, 'example.test', 0, 'example.test A answered 10.0.0.1'),
  (t) =>
    dns(
      'DNS: NXDOMAIN',
      t.dns,
      'missing.test',
      15,
      `missing.test A does not exist (NXDOMAIN) at 127.0.0.1:${t.dns}`,
    ),
  (t) =>
    dns(
      'DNS: no records of the type',
      t.dns,
      'empty.test',
      15,
      `127.0.0.1:${t.dns} has no A record for empty.test`,
    ),
  (t) =>
    dns(
      'DNS: SERVFAIL',
      t.dns,
      'broken.test',
      15,
      `broken.test A failed on the server (SERVFAIL) at 127.0.0.1:${t.dns}`,
    ),
  (t) =>
    waits(
      dns(
        'DNS: server silent',
        t.silentDns,
        'example.test',
        2,
        `name server 127.0.0.1:${t.silentDns} did not answer example.test A in time`,
      ),
    ),
  // SMTP
  (t) =>
    smtp(
      'SMTP: plain server',
      t.smtpOk,
      0,
      re(`SMTP server ${L}:${t.smtpOk} answered 220 \\S+ ESMTP, without TLS`),
    ),
  (t) =>
    smtp(
      'SMTP: STARTTLS, certificate from the private CA',
      t.smtpTls,
      0,
      re(`SMTP server ${L}:${t.smtpTls} answered 220 \\S+ ESMTP, upgraded to TLS`),
    ),
  (t) =>
    smtp(
      'SMTP: STARTTLS, untrusted certificate',
      t.smtpUntrusted,
      12,
      `the TLS certificate of SMTP server 127.0.0.1:${t.smtpUntrusted} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`,
    ),
  (t) =>
    smtp(
      'SMTP: greeting 554',
      t.smtp554,
      17,
      `SMTP greeting from 127.0.0.1:${t.smtp554} was 554 5.3.2 no service here`,
    ),
  (t) =>
    waits(
      smtp(
        'SMTP: never greets',
        t.smtpSilent,
        2,
        `SMTP server 127.0.0.1:${t.smtpSilent} did not answer within 1 s (while connecting)`,
      ),
    ),
  (t) => smtp('SMTP: refused', t.closed, 1, `connection refused by SMTP server 127.0.0.1:${t.closed}`),
];
