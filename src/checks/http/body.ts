import zlib from 'node:zlib';
import type { Transform } from 'node:stream';

// What a browser does with a response body before anyone reads it: undo the Content-Encoding
// (whatever was asked for: pre-compressed static files are served gzip to every client), then
// decode the bytes to text in the charset the page declares.

// zstd came to node:zlib in Node 22.15/23.8; on Node 20 it is neither offered nor decoded.
const zstd = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;

/** The Accept-Encoding a current browser sends, minus what this Node cannot decode. */
export const ACCEPT_ENCODING = `gzip, deflate, br${zstd ? ', zstd' : ''}`;

/** A body whose Content-Encoding could not be undone (corrupt, or a coding nobody offered). */
export class BodyDecodeError extends Error {
  readonly code = 'BODY_DECODE';
}

/** The decoders for a Content-Encoding header, in the order to apply them (the last coding first). */
function codings(header: string | string[] | undefined): string[] {
  const list = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  return list.reverse();
}

function decoderFor(coding: string, first: Buffer): Transform {
  // Browsers decode truncated input as far as it goes; Z_SYNC_FLUSH keeps what was decoded of
  // a body we stopped reading on purpose.
  const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient);
    case 'deflate': {
      // RFC 9110 says zlib-wrapped; some servers send raw deflate, which every browser accepts.
      const zlibHeader =
        first.length >= 2 && (first[0]! & 0x0f) === 8 && (first[0]! * 256 + first[1]!) % 31 === 0;
      return zlibHeader ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient);
    }
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      if (coding === 'zstd' && zstd) return zstd();
      throw new BodyDecodeError(`unsupported Content-Encoding "${coding}"`);
  }
}

/**
 * Incremental decoder of one body: `push` raw bytes as they arrive, `finish` at the end (or when
 * reading stopped early). Decoding stops once `keep` decoded bytes are kept (a compression bomb
 * costs no more than that); `full` then tells the reader to stop too.
 */
export class BodyDecoder {
  /** Content codings applied by the server, as sent ("gzip"); "" when none. */
  readonly encoding: string;
  /** Decoded bytes produced (at most a chunk past `keep`). */
  decodedBytes = 0;
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;
  private readonly list: string[];
  private chain: Transform[] | null = null;
  private failure: Error | null = null;
  private settle: () => void = () => {};
  private readonly settled = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(
    header: string | string[] | undefined,
    private readonly keep: number,
  ) {
    this.list = codings(header);
    this.encoding = [...this.list].reverse().join(', ');
  }

  /** Whether enough decoded bytes are kept that reading on would serve nothing. */
  get full(): boolean {
    return this.keptBytes >= this.keep;
  }

  private take(out: Buffer): void {
    this.decodedBytes += out.length;
    const part = out.subarray(0, Math.max(0, this.keep - this.keptBytes));
    if (part.length) {
      this.kept.push(part);
      this.keptBytes += part.length;
    }
    if (this.full && this.chain) {
      for (const d of this.chain) d.destroy();
      this.settle();
    }
  }

  private build(first: Buffer): void {
    const chain = this.list.map((c, i) => decoderFor(c, i === 0 ? first : Buffer.alloc(0)));
    for (let i = 0; i < chain.length - 1; i++) chain[i]!.pipe(chain[i + 1]!);
    const last = chain.at(-1)!;
    last.on('data', (b: Buffer) => this.take(b));
    last.once('end', () => this.settle());
    for (const d of chain)
      d.on('error', (e: Error) => {
        this.failure ??= e;
        this.settle();
      });
    this.chain = chain;
  }

  /** Feeds raw bytes; throws BodyDecodeError for an unsupported coding. */
  push(chunk: Buffer): void {
    if (this.list.length === 0) return this.take(chunk);
    if (this.full) return;
    if (!this.chain) this.build(chunk);
    this.chain![0]!.write(chunk);
  }

  /**
   * Ends the body and waits for the decoders; `complete` = false when reading stopped early (a
   * cut-off stream is then not an error). Throws BodyDecodeError when the body is corrupt.
   */
  async finish(complete: boolean): Promise<Buffer> {
    if (this.chain && !this.full) {
      if (complete) this.chain[0]!.end();
      else setImmediate(this.settle);
      await this.settled;
      for (const d of this.chain) d.destroy();
      if (this.failure && complete && !this.full)
        throw new BodyDecodeError(`the ${this.encoding} body could not be decoded (${this.failure.message})`);
    }
    return Buffer.concat(this.kept);
  }
}

const BOMS: [Buffer, string][] = [
  [Buffer.from([0xef, 0xbb, 0xbf]), 'utf-8'],
  [Buffer.from([0xfe, 0xff]), 'utf-16be'],
  [Buffer.from([0xff, 0xfe]), 'utf-16le'],
];

/** A label TextDecoder knows (it maps "iso-8859-1" to windows-1252, as browsers do), else null. */
function known(label: string | undefined): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

/** `<meta charset>` or `<meta http-equiv="Content-Type" content="…charset=…">` in the first 1024 bytes (the HTML prescan). */
function metaCharset(head: string): string | null {
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    const direct = /\bcharset\s*=\s*["']?([\w.:-]+)/i.exec(tag);
    if (direct && !/http-equiv/i.test(tag)) return known(direct[1]);
    if (/http-equiv\s*=\s*["']?content-type/i.test(tag)) {
      const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
      const cs = /charset\s*=\s*["']?([\w.:-]+)/i.exec(content?.[1] ?? content?.[2] ?? '');
      if (cs) return known(cs[1]);
    }
  }
  return null;
}

/**
 * The charset a browser would decode `body` with: a byte-order mark, then the Content-Type
 * charset, then (HTML, or no type at all) a meta declaration in the first 1024 bytes, then UTF-8.
 * (The HTML standard puts the BOM before the header; browsers follow it.)
 */
export function sniffCharset(body: Buffer, contentType: string): string {
  for (const [bom, cs] of BOMS) if (body.subarray(0, bom.length).equals(bom)) return cs;
  const declared = known(/charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1]);
  if (declared) return declared;
  if (contentType === '' || /html|xml/i.test(contentType)) {
    // utf-16 in a meta tag is a lie the HTML standard corrects to utf-8.
    const meta = metaCharset(body.subarray(0, 1024).toString('latin1'));
    if (meta) return meta.startsWith('utf-16') ? 'utf-8' : meta;
  }
  return 'utf-8';
}

/** `body` as text, decoded the way sniffCharset says (the BOM itself is dropped). */
export function decodeText(body: Buffer, contentType: string): string {
  return new TextDecoder(sniffCharset(body, contentType)).decode(body);
}
