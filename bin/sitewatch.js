#!/usr/bin/env node
// Production runs the compiled JavaScript in dist/ (built by `npm install` through `prepare`, or
// `npm run build:server`): plain node, no TypeScript loader in the process. A source checkout that
// was never built falls back to the TypeScript sources through tsx, and says so once.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/index.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  process.stderr.write(
    'sitewatch: dist/ not built (npm run build:server); running the TypeScript sources through tsx\n',
  );
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
}
