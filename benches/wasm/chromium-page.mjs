// bench.html in headless Chromium (Debian's /usr/bin/chromium via
// playwright-core), served from the repository root on loopback with
// www/serve.mjs's server, cross-origin isolated (COOP/COEP) for a 5 µs timer.
// Shared by chromium.mjs (one whole run) and ratio.mjs (rounds).

import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tests/e2e/chromium.mjs';
import { startServer } from '../../www/serve.mjs';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

// Both folders are served from the repository root, as URL paths.
const urlPath = (d) => {
  const rel = relative(REPO, d);
  if (rel.startsWith('..')) throw new Error(`${d} is not inside ${REPO}`);
  return `/${rel.split('\\').join('/')}/`;
};

/**
 * Opens bench.html on the workload folder `dir` and the package `pkg` (both
 * inside the repository) and waits until it is done (`rounds`: until it is
 * ready for `window.benchRound()`). Returns the page, the browser version,
 * what the page left in `window.benchResult`, and `close()`.
 */
export async function openBenchPage(dir, pkg, { rounds = false } = {}) {
  const query = new URLSearchParams({ dir: urlPath(dir), pkg: urlPath(pkg) });
  if (rounds) query.set('rounds', '1');
  const server = await startServer({ port: 0, host: '127.0.0.1', root: REPO });
  server.prependListener('request', (_req, res) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    server.close();
  };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e}`));
    await page.goto(`${origin}/benches/wasm/bench.html?${query}`);
    await page.waitForFunction(() => window.benchResult || window.benchError, null, { timeout: 600_000 });
    const { result, error } = await page.evaluate(() => ({ result: window.benchResult, error: window.benchError }));
    if (error) throw new Error(`benchmark failed in the page: ${error}`);
    return { page, version: browser.version(), result, close };
  } catch (e) {
    await close();
    throw e;
  }
}
