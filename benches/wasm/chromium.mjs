#!/usr/bin/env node
// The Wasm engine in headless Chromium (Debian's /usr/bin/chromium via
// playwright-core) on the native bench's workload.
//   node benches/wasm/chromium.mjs [WORKLOAD_DIR [PKG_DIR]]
//   (defaults target/wasm-bench and www/pkg, both inside the repository)
// The page (bench.html) runs cross-origin isolated, for a 5 µs timer; see
// chromium-page.mjs.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBenchPage } from './chromium-page.mjs';
import { formatTable } from './run.js';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = resolve(process.argv[2] || resolve(REPO, 'target/wasm-bench'));
const pkg = resolve(process.argv[3] || resolve(REPO, 'www/pkg'));

const { version, result, close } = await openBenchPage(dir, pkg);
try {
  console.log(
    formatTable(result, {
      title: `Chromium ${version} (headless)`,
      extra: [['crossOriginIsolated (timer resolution 5 µs if true, 100 µs if not)', String(result.crossOriginIsolated)]],
    }),
  );
} finally {
  await close();
}
