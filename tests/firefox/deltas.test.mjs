// Firefox: delta updates from a publish directory served by nginx (gzip,
// ETag, the Cache-Control of docs/publishing.md), the add-on pointed at its
// index.txt, as tests/extension/deltas.test.mjs does in Chromium: release 1
// full, 2 and 3 by delta, 6 full (too old for its deltas), 7 full after a
// corrupt delta, a rolled-back index refused, nginx stopped (last good list
// kept). nginx's access log shows the files; after each step a listed URL
// and the newest phrase still end on the warning page.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_KEY, NEW_PHRASE } from '../extension/lists/fixtures.mjs';
import { startNginx } from '../extension/lists/nginx.mjs';
import { THIRD_PHRASE, makePublished, publishedOn } from '../update/publish.mjs';
import { launchFirefox, nonce, scaled, settle, until, waitForWarning } from './harness.mjs';

/** @param {Uint8Array} b one bit flipped mid-file */
const flipped = (b) => Uint8Array.from(b, (x, i) => (i === Math.floor(b.length / 2) ? x ^ 1 : x));

describe('delta updates from nginx (Firefox)', { timeout: scaled(10 * 60_000) }, () => {
  let pub;
  let nginx;
  let ff;
  let origin;
  /** @type {ReturnType<typeof publishedOn>['serve']} */
  let serve;
  /** @type {ReturnType<typeof publishedOn>['fetched']} */
  let fetched;

  before(async () => {
    pub = makePublished({ keep: 2, releases: 7 });
    nginx = await startNginx({}, { waitFor: until });
    ({ serve, fetched } = publishedOn(nginx, pub, { waitFor: until }));
    // nginx is reached directly, not through the harness's proxy.
    ff = await launchFirefox({
      prefs: { 'network.proxy.no_proxies_on': '127.0.0.1', 'network.proxy.allow_hijacking_localhost': false },
      systemAccess: true,
    });
    await ff.driver.get(`http://blocked.turnback.test/${nonce('origin')}`);
    await waitForWarning(ff.driver);
    origin = (await ff.driver.getCurrentUrl()).split('/pages/')[0];
    await fetched(1); // startNginx's own request
  });
  after(async () => {
    await ff?.close();
    await nginx?.close();
    pub?.cleanup();
  });



  /** Sends a message to the background from the options page (what "Update now" does). */
  async function send(script, ...args) {
    await ff.driver.get(`${origin}/pages/options.html`);
    return ff.driver.executeAsyncScript(`const done = arguments[arguments.length - 1]; ${script}`, ...args);
  }

  const updateNow = () =>
    send(`browser.runtime.sendMessage({ type: 'updateNow' }).then((r) => done(r.status), (e) => done({ error: String(e) }));`);

  async function caught(url, what) {
    await ff.driver.get(url);
    await waitForWarning(ff.driver).catch(() => assert.fail(`${what}: not caught`));
  }

  async function passes(url, what) {
    await ff.driver.get(url);
    await settle(1000);
    assert.equal(await ff.driver.getCurrentUrl(), url, `${what}: caught`);
  }

  /** The list in force is release `sequence` and blocks what it lists. */
  async function inForce(status, sequence) {
    assert.equal(status.list?.sequence, sequence, `release ${sequence} in force: ${JSON.stringify(status.lastError)}`);
    await caught(`http://blocked.turnback.test/page/${nonce('p')}.html`, 'a listed demo URL');
    const newest = sequence >= 3 ? THIRD_PHRASE : sequence >= 2 ? NEW_PHRASE : null;
    if (newest) await caught(`http://search.turnback.test/?q=${encodeURIComponent(newest)}&n=${nonce('s')}`, 'the newest phrase');
    else await passes(`http://search.turnback.test/?q=${encodeURIComponent(NEW_PHRASE)}&n=${nonce('s')}`, 'a phrase of later releases');
  }

  test('release 1 through the index: the full list', async () => {
    serve(1);
    const status = await send(
      `const [url, key] = arguments;
       browser.storage.local.set({ settings: { listUrl: url, publicKey: key } })
         .then(() => browser.runtime.sendMessage({ type: 'updateNow' })).then((r) => done(r.status), (e) => done({ error: String(e) }));`,
      `${nginx.origin}/index.txt`,
      DEMO_KEY,
    );
    assert.equal(status.lastError, null, JSON.stringify(status));
    const files = await fetched(2);
    assert.deepEqual(files.slice(0, 2), ['index.txt 200', 'demo-1.tbl 200']);
    assert.ok(files.slice(2).every((f) => f === 'index.txt? 304'), files.join(', '));
    await inForce(status, 1);
  });

  /** @type {[string, number, Record<string, (b: Uint8Array) => Uint8Array>, string[]][]} */
  const steps = [
    ['release 2 by delta', 2, {}, ['index.txt? 200', 'demo-1-2.tbd 200']],
    ['release 3 by delta', 3, {}, ['index.txt? 200', 'demo-2-3.tbd 200']],
    ['release 6: too old for its deltas, the full list', 6, {}, ['index.txt? 200', 'demo-6.tbl 200']],
    ['release 7 with a corrupt delta: the full list', 7, { 'demo-6-7.tbd': flipped }, ['index.txt? 200', 'demo-6-7.tbd 200', 'demo-7.tbl 200']],
  ];
  for (const [name, state, changes, files] of steps) {
    test(name, async () => {
      serve(state, Object.fromEntries(Object.entries(changes).map(([file, change]) => [file, change(pub.states[state][file])])));
      const status = await updateNow();
      assert.equal(status.lastError, null, JSON.stringify(status.lastError));
      assert.deepEqual(await fetched(files.length), files);
      await inForce(status, state);
    });
  }

  test('an index rolled back to release 6: refused, release 7 kept', async () => {
    serve(6);
    const status = await updateNow();
    assert.equal(status.lastError?.code, 'refused');
    assert.match(status.lastError.detail, /^index-older/);
    assert.deepEqual(await fetched(1), ['index.txt? 200']);
    await inForce(status, 7);
  });

  test('nginx stopped: the last good list stays and still blocks', async () => {
    await nginx.stop();
    const status = await updateNow();
    assert.equal(status.lastError?.code, 'network');
    await inForce(status, 7);
  });
});
