// Firefox: a list that cannot be refreshed stays in force past its expiry.
// The add-on downloads a list that lives a few seconds; once it has expired
// and its host serves something else, the background is suspended (so the
// next navigation starts it cold, from the stored list) and a search only
// that list holds must still end on the warning page, never requested.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_KEY, NEW_PHRASE, buildList } from '../extension/lists/fixtures.mjs';
import { ADDON_ID, hostPath, inChrome, launchFirefox, nonce, scaled, until, waitForWarning } from './harness.mjs';

const IDLE_MS = 1500; // below the keep-alive's 20 s, as in background.test.mjs

describe('an expired list whose updates fail stays in force (Firefox)', { timeout: scaled(5 * 60_000) }, () => {
  let ff;
  let dir;
  let origin;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'turnback-ff-failsafe-'));
    ff = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': IDLE_MS }, systemAccess: true });
    await ff.driver.get(`http://blocked.turnback.test/${nonce('origin')}`);
    await waitForWarning(ff.driver);
    // moz-extension://<uuid> (Node's URL gives such origins as "null").
    origin = (await ff.driver.getCurrentUrl()).split('/pages/')[0];
  });
  after(async () => {
    await ff?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const backgroundState = () =>
    inChrome(ff.driver, 'return WebExtensionPolicy.getByID(arguments[0]).extension.backgroundState;', ADDON_ID);

  test('after it expired and the background was suspended, a search only it holds is still stopped', async () => {
    const list = buildList(dir, { out: 'short.tbl', sequence: 5, expires: '10s', extra: [NEW_PHRASE] });
    const listUrl = ff.server.file(list, 'application/octet-stream', 'lists.turnback.test');
    await ff.driver.get(`${origin}/pages/options.html`);
    const reply = await ff.driver.executeAsyncScript(
      `const [url, key, done] = arguments;
       browser.storage.local.set({ settings: { listUrl: url, publicKey: key } })
         .then(() => browser.runtime.sendMessage({ type: 'updateNow' })).then(done, (e) => done({ error: String(e) }));`,
      listUrl,
      DEMO_KEY,
    );
    assert.equal(reply.status?.list?.sequence, 5, `the short-lived list was taken: ${JSON.stringify(reply)}`);
    const { expires } = reply.status.list;
    // Expired, and its URL now answers with a page that is no list.
    await until(() => Date.now() / 1000 > expires + 1, 'the list to expire', 30_000, 200);
    ff.server.forget(listUrl);
    await ff.driver.get('about:blank');
    await until(async () => (await backgroundState()) === 'stopped', 'Firefox to suspend the idle background', IDLE_MS * 20, 100);
    const search = `http://search.turnback.test/?q=${encodeURIComponent(NEW_PHRASE)}&n=${nonce('s')}`;
    await ff.driver.get(search);
    await waitForWarning(ff.driver);
    assert.deepEqual(ff.server.requestsTo(hostPath(search).split('?')[0]), [], 'never requested');
  });
});
