import { connect } from 'node:net';

/** What a raw HTTP exchange answered: status, lower-cased headers, body text. */
export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `bytes` as-is over a fresh TCP connection and reads the answer until the server closes or
 * a full Content-Length body arrived: how the security tests speak HTTP a client library refuses
 * to (bad percent-encoding, duplicate or lying headers).
 */
export function rawHttp(url: string, bytes: string, timeoutMs = 5000): Promise<RawReply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms: ${data.toString().slice(0, 200)}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = data.toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      // Only the first answer: leftover bytes of a lying request may have drawn a second one.
      const length = headers['content-length'];
      const rest = split < 0 ? Buffer.alloc(0) : data.subarray(Buffer.byteLength(text.slice(0, split + 4)));
      const body = (length === undefined ? rest : rest.subarray(0, Number(length))).toString('utf8');
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body });
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const text = data.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, split));
      if (split >= 0 && length && data.length >= split + 4 + Number(length[1])) finish();
      // 204 and 304 have no body and need no Content-Length.
      else if (split >= 0 && /^HTTP\/1\.[01] (204|304) /.test(text)) finish();
    });
    socket.on('end', finish);
    socket.on('error', (err) => {
      if (data.length > 0) finish();
      else {
        clearTimeout(timer);
        reject(err);
      }
    });
    socket.write(bytes);
  });
}

/** Asserts-free check used by the suites: is `body` the error envelope? */
export function isEnvelope(body: string, status: number): boolean {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: unknown; message?: unknown }[] };
    return (
      Array.isArray(parsed.errors) &&
      parsed.errors.length > 0 &&
      parsed.errors.every((e) => e.code === status && typeof e.message === 'string')
    );
  } catch {
    return false;
  }
}
