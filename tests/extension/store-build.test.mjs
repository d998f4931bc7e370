// The Chromium store package (dist/turnback-chromium.zip), unpacked and
// loaded as it is: its options page refuses a plain-http list URL for a
// *.test host, which the unpacked development build accepts
// (lists-update.test.mjs saves one), and nothing is fetched or stored.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { closePage, launchExtension, REPO, scaled, startServer, until } from './harness.mjs';
import { DEMO_KEY } from './lists/fixtures.mjs';
import { unzip } from './unzip.mjs';

const PACKAGE = join(REPO, 'extension/dist/turnback-chromium.zip');

/** The package's files in a fresh folder, as a store install unpacks them. */
function unpack() {
  const dir = mkdtempSync(join(tmpdir(), 'turnback-store-ext-'));
  for (const [file, data] of unzip(readFileSync(PACKAGE))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), data);
  }
  return dir;
}

describe('store package (Chromium)', { timeout: scaled(5 * 60_000) }, () => {
  let dir;
  let server;
  let ext;
  before(async () => {
    dir = unpack();
    server = await startServer();
    ext = await launchExtension(server, { dist: dir });
  });
  after(async () => {
    await ext?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const url of ['http://lists.turnback.test/x.tbl', 'http://127.0.0.1/x.tbl']) {
    test(`the options page refuses ${url}: https only`, async () => {
      const options = await ext.context.newPage();
      await options.goto(`chrome-extension://${ext.extensionId}/pages/options.html`);
      await until(async () => (await options.textContent('#status-sequence')).trim() !== '', 'the status');
      await options.fill('#listUrl', url);
      await options.fill('#publicKey', DEMO_KEY);
      await options.click('#save');
      await until(() => options.isVisible('#listUrl-error'), 'the field error');
      assert.equal((await options.textContent('#listUrl-error')).trim(), 'This value is not valid. (listUrl: must use https)');
      assert.equal(await options.getAttribute('#listUrl', 'aria-invalid'), 'true');
      const stored = await ext.worker.evaluate(() => chrome.storage.local.get('settings'));
      assert.equal(stored.settings?.listUrl, undefined, 'nothing saved');
      assert.deepEqual(server.requests.filter((r) => r.path.endsWith('.tbl')), [], 'nothing fetched');
      await closePage(options);
    });
  }
});
