#!/usr/bin/env node
// The Wasm engine in headless Chromium (Debian's /usr/bin/chromium via
// playwright-core) on the native bench's workload.
//   node benches/wasm/chromium.mjs [WORKLOAD_DIR [PKG_DIR]]
//   (defaults target/wasm-bench and www/pkg, both inside the repository)
// Serves the repository root on loopback with www/serve.mjs's server and runs
// benches/wasm/bench.html, cross-origin isolated (COOP/COEP) for a 5 µs
// timer. The workload folder must lie inside the repository.

import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tests/e2e/chromium.mjs';
import { startServer } from '../../www/serve.mjs';
import { formatTable } from './run.js';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = resolve(process.argv[2] || resolve(REPO, 'target/wasm-bench'));
const pkg = resolve(process.argv[3] || resolve(REPO, 'www/pkg'));
// Both are served from the repository root, as URL paths.
const urlPath = (d) => {
  const rel = relative(REPO, d);
  if (rel.startsWith('..')) throw new Error(`${d} is not inside ${REPO}`);
  return `/${rel.split('\\').join('/')}/`;
};
const query = new URLSearchParams({ dir: urlPath(dir), pkg: urlPath(pkg) });

const server = await startServer({ port: 0, host: '127.0.0.1', root: REPO });
// Cross-origin isolation: performance.now() then has 5 µs resolution, not 100 µs.
server.prependListener('request', (_req, res) => {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
});
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e}`));
  await page.goto(`${origin}/benches/wasm/bench.html?${query}`);
  await page.waitForFunction(() => window.benchResult || window.benchError, null, { timeout: 600_000 });
  const { result, error } = await page.evaluate(() => ({ result: window.benchResult, error: window.benchError }));
  if (error) throw new Error(`benchmark failed in the page: ${error}`);
  console.log(
    formatTable(result, {
      title: `Chromium ${browser.version()} (headless)`,
      extra: [['crossOriginIsolated (timer resolution 5 µs if true, 100 µs if not)', String(result.crossOriginIsolated)]],
    }),
  );
} finally {
  await browser.close();
  server.close();
}
