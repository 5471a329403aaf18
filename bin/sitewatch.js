#!/usr/bin/env node
// Production runs the compiled JavaScript in dist/ (built by `npm install` through `prepare`, or
// `npm run build:server`): plain node, no TypeScript loader in the process. A checkout whose
// dist/ is missing or older than a source file runs the TypeScript sources through tsx instead,
// and says so, so a stale build never stands in for edited code.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/index.js', import.meta.url);
const src = fileURLToPath(new URL('../src', import.meta.url));

function builtAt() {
  try {
    return statSync(compiled).mtimeMs;
  } catch {
    return null;
  }
}

function newestSource() {
  try {
    let newest = 0;
    for (const f of readdirSync(src, { recursive: true })) {
      if (String(f).endsWith('.ts')) newest = Math.max(newest, statSync(`${src}/${f}`).mtimeMs);
    }
    return newest;
  } catch {
    return 0; // an install without sources
  }
}

const built = builtAt();
if (built !== null && newestSource() <= built) {
  await import(compiled.href);
} else {
  // A note only when there is no build at all; an edited checkout just runs its sources.
  if (built === null)
    process.stderr.write(
      'sitewatch: dist/ is not built (npm run build:server); running the TypeScript sources through tsx\n',
    );
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
}
