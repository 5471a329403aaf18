import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

// The built dashboard (web/dist) read into memory once: a few hundred kB, so every request is a
// Map lookup with no file system access, and the gzip copy is made once instead of per request.

/** One file of the build. */
export interface StaticFile {
  body: Buffer;
  /** gzip of body, when it is worth it (text types over 1 kB). */
  gzip: Buffer | null;
  contentType: string;
  /** Strong ETag from the content. */
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

/** Reads every file under `dir` keyed by URL path ("/index.html", "/assets/x-1a2b.js"); null when absent. */
export function loadStaticFiles(dir: string): Map<string, StaticFile> | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const files = new Map<string, StaticFile>();
  for (const path of walk(dir)) {
    const body = readFileSync(path);
    const contentType = TYPES[extname(path)] ?? 'application/octet-stream';
    const text = /^(text|application\/json|image\/svg)/.test(contentType);
    files.set('/' + relative(dir, path).split(sep).join('/'), {
      body,
      gzip: text && body.length > 1024 ? gzipSync(body) : null,
      contentType,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    });
  }
  return files;
}
