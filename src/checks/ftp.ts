import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { rootCertificates, type ConnectionOptions } from 'node:tls';
import type { FTPContext, FTPResponse } from 'basic-ftp';
import { EgressRefusedError, type EgressPolicy } from './egress.ts';
import { classifyError, failed } from './failures.ts';
import { networkHost } from './tcp.ts';
import { defineExecutor, type CheckExecutor, type CheckInput, type Verdict } from './types.ts';

// basic-ftp is loaded by the first FTP check, so a process that runs none does not carry it.
const loadFtp = () => Promise.all([import('basic-ftp'), import('basic-ftp/dist/transfer.js')]);
type Transfer = Awaited<ReturnType<typeof loadFtp>>[1];

/** A negative reply of the FTP server (basic-ftp's FTPError: a name and a numeric reply code). */
const isServerReply = (e: unknown): e is Error =>
  e instanceof Error && e.name === 'FTPError' && typeof (e as { code?: unknown }).code === 'number';

/** Where an FTP session stopped, for messages. */
export type FtpStage = 'connect' | 'tls' | 'login' | 'list' | 'upload' | 'delete';

const DOING: Record<FtpStage, string> = {
  connect: 'connecting',
  tls: 'starting TLS',
  login: 'login',
  list: 'listing the directory',
  upload: 'uploading a test file',
  delete: 'deleting the test file',
};

/** What one FTP session saw. */
export interface FtpObservation {
  /** `host:port` as configured. */
  target: string;
  /** The stage reached: the failing one, or the last one done. */
  stage: FtpStage;
  /** Milliseconds from the start to the end of the last stage done. */
  ms: number;
  /** Entries in the listing, once listed. */
  entries?: number;
  uploaded?: boolean;
  error?: unknown;
  /** The deadline ended the session. */
  timedOut?: boolean;
}

/**
 * Judges an FTP session: every stage done is 0 (response time = the whole session). A negative
 * server reply is 16 with the reply ("login failed: 530 Login incorrect."); a failure to connect
 * or a TLS failure keeps its own status (1, 11, 12, 13, 20); the deadline is 2.
 */
export function judgeFtp(o: FtpObservation): Verdict {
  if (o.timedOut) return failed('TIMEOUT', `${o.target} did not answer in time (${DOING[o.stage]})`);
  if (o.error !== undefined) {
    if (isServerReply(o.error)) {
      const reply = o.error.message.replace(/\s+/g, ' ').trim();
      return failed('FTP_FAILED', `${DOING[o.stage]} failed at ${o.target}: ${reply}`);
    }
    const { code, message } = classifyError(o.error, o.target);
    // After the session is up, a transport error (data connection refused, closed) is a failed
    // FTP operation, unless it is the policy or TLS speaking.
    const late = o.stage === 'list' || o.stage === 'upload' || o.stage === 'delete';
    const keep = code === 'EGRESS_REFUSED' || code.startsWith('TLS_');
    if (late && !keep) {
      const why = (o.error as Error).message ?? String(o.error);
      return failed('FTP_FAILED', `${DOING[o.stage]} failed at ${o.target}: ${why}`);
    }
    return failed(
      code,
      code === 'INTERNAL' ? `${DOING[o.stage]} failed at ${o.target}: ${message}` : message,
    );
  }
  const did = o.uploaded ? 'logged in, listed and uploaded' : 'logged in and listed';
  const entries = o.entries === 1 ? '1 entry' : `${o.entries ?? 0} entries`;
  return {
    status: 0,
    info_msg: `${did} at ${o.target} (${entries}) in ${o.ms} ms`,
    responseMs: o.ms,
    phases: {},
    steps: [],
    detail: { entries: o.entries ?? 0, uploaded: o.uploaded ?? false },
  };
}

/** Options of the FTP executor. */
export interface FtpOptions {
  /** Certificate authorities trusted for ftp-ssl besides the system's (tests pass their own CA). */
  ca?: string[];
  /** Ports where ftp-ssl speaks implicit TLS from the first byte; default [990] (IANA ftps). */
  implicitTlsPorts?: number[];
}

/**
 * Passive data connections go to the control connection's address, whatever PASV names (curl's
 * --ftp-skip-pasv-ip; it also defeats FTP bounce), and that address is checked against the egress
 * policy again before connecting.
 */
function passiveToControlHost(egress: EgressPolicy, transfer: Transfer) {
  const { connectForPassiveTransfer, parseEpsvResponse, parsePasvResponse } = transfer;
  return async (ftp: FTPContext): Promise<FTPResponse> => {
    const host = (ftp.socket.remoteAddress ?? '').replace(/^::ffff:/i, '');
    if (!egress.allows(host)) throw new EgressRefusedError(host || 'the FTP data connection');
    let res: FTPResponse;
    let port: number;
    try {
      res = await ftp.request('EPSV');
      port = parseEpsvResponse(res.message);
    } catch (err) {
      if (ftp.closed) throw err;
      res = await ftp.request('PASV');
      port = parsePasvResponse(res.message).port;
    }
    await connectForPassiveTransfer(host, port, ftp);
    return res;
  };
}

function credentials(
  input: CheckInput,
  open: (sealed: string) => string,
): { user: string; password: string } {
  const user = typeof input.config.username === 'string' ? input.config.username.trim() : '';
  const sealed = input.config.password;
  const password = typeof sealed === 'string' && sealed !== '' ? open(sealed) : '';
  if (user === '' || user === 'anonymous') return { user: 'anonymous', password: password || 'sitewatch@' };
  return { user, password };
}

/**
 * Builds the `ftp` / `ftp-ssl` executor: connect (through egress), log in, list the directory and,
 * when `enable_ftp_upload` is true, upload a small file and delete it. `ftp-ssl` uses explicit
 * FTPS (AUTH TLS) except on port 990 (`implicitTlsPorts`), where TLS is implicit; certificates are verified against the
 * host name. `use_ssl_version` is not used: Node negotiates TLS 1.2 or 1.3.
 */
export function createFtpExecutor(opts: FtpOptions = {}): CheckExecutor {
  const implicitPorts = opts.implicitTlsPorts ?? [990];
  return defineExecutor<FtpObservation>({
    kind: 'ftp',
    types: ['ftp', 'ftp-ssl'],
    judge: (_input, o) => judgeFtp(o),
    async observe(input, ctx) {
      const started = ctx.now();
      const host = networkHost(input.config);
      const port = Number(input.config.port ?? 21);
      const target = `${host}:${port}`;
      const o: FtpObservation = { target, stage: 'connect', ms: 0 };
      const [{ Client }, transfer] = await loadFtp();
      // No basic-ftp timeout: the deadline closes the client, which fails whatever is pending.
      const client = new Client(0);
      client.prepareTransfer = passiveToControlHost(ctx.egress, transfer);
      const onAbort = () => client.close();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const { address } = await ctx.egress.resolve(host, ctx.signal);
        const { user, password } = credentials(input, (s) => ctx.secrets.open(s));
        const tlsOptions: ConnectionOptions = {
          ...(isIP(host) ? {} : { servername: host }),
          ...(opts.ca ? { ca: [...rootCertificates, ...opts.ca] } : { secureContext: ctx.trust?.context }),
        };
        const secure = input.type === 'ftp-ssl';
        const implicit = secure && implicitPorts.includes(port);
        if (implicit) await client.connectImplicitTLS(address, port, tlsOptions);
        else await client.connect(address, port);
        if (secure && !implicit) {
          o.stage = 'tls';
          // `host` names the identity the certificate must match (the socket is already open).
          // Not for implicit TLS: there basic-ftp would connect to it, past the egress policy.
          await client.useTLS({ ...tlsOptions, host });
        }
        o.stage = 'login';
        await client.sendIgnoringError('OPTS UTF8 ON');
        await client.login(user, password);
        await client.useDefaultSettings();
        o.stage = 'list';
        o.entries = (await client.list()).length;
        if (input.config.enable_ftp_upload === true) {
          // A random name, so two locations checking the same server at once do not collide.
          const name = `sitewatch-check-${randomBytes(6).toString('hex')}.txt`;
          o.stage = 'upload';
          await client.uploadFrom(Readable.from([Buffer.from('sitewatch upload check\n')]), name);
          o.stage = 'delete';
          await client.remove(name);
          o.uploaded = true;
        }
        o.ms = ctx.now() - started;
        // Say goodbye without waiting: a server slow to answer QUIT must not fail a passed check.
        client.ftp.send('QUIT');
      } catch (error) {
        if (ctx.signal.aborted) o.timedOut = true;
        else o.error = error;
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
        client.close();
      }
      return o;
    },
  });
}

/** The registered FTP executor (system trust store). */
export const ftpExecutor = createFtpExecutor();
