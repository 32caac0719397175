#!/usr/bin/env node
// Launcher only: the CLI lives in src/cli (compiled to dist/ by `npm ci` / `npm run build`).
import('../dist/cli/main.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('hlsnet is not built: run `npm ci` (or `npm run build`) in the hlsnet folder first.');
    process.exit(1);
  }
  throw e;
});
