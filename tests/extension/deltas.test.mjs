// Delta updates in the real extension (Chromium) from a publish directory
// served by nginx (gzip, ETag, the Cache-Control of docs/publishing.md),
// pointed at its index.txt: nginx's access log shows which files each
// update fetched. Seven releases made with the CLI (`--keep 2`): release 1
// full, 2 and 3 by delta, 6 as the full list (the client, at 3, is too old
// for any delta), 7 full after a corrupt delta; a rolled-back index is
// refused; with nginx stopped the last good list stays. After every step a
// listed synthetic URL and phrase still show the warning.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { closePage, go, launchExtension, scaled, until, waitForWarning } from './harness.mjs';
import { DEMO_KEY, NEW_PHRASE } from './lists/fixtures.mjs';
import { startNginx } from './lists/nginx.mjs';
import { startListServer } from './lists/server.mjs';
import { THIRD_PHRASE, makePublished, publishedOn } from '../update/publish.mjs';

let n = 0;
const search = (phrase) => `http://search.turnback.test/?q=${encodeURIComponent(phrase)}&n=${++n}`;
const demoPage = () => `http://blocked.turnback.test/page/${++n}.html`;

/** @param {Uint8Array} b one bit flipped mid-file */
const flipped = (b) => Uint8Array.from(b, (x, i) => (i === Math.floor(b.length / 2) ? x ^ 1 : x));

describe('delta updates from nginx (Chromium)', { timeout: scaled(10 * 60_000) }, () => {
  let pub;
  let nginx;
  let server;
  let ext;
  /** @type {ReturnType<typeof publishedOn>['serve']} */
  let serve;
  /** @type {ReturnType<typeof publishedOn>['fetched']} */
  let fetched;

  before(async () => {
    pub = makePublished({ keep: 2, releases: 7 });
    nginx = await startNginx({}, { waitFor: until });
    ({ serve, fetched } = publishedOn(nginx, pub, { waitFor: until }));
    server = await startListServer();
    ext = await launchExtension(server, { direct: ['127.0.0.1'] });
  });
  after(async () => {
    await ext?.close();
    await server?.close();
    await nginx?.close();
    pub?.cleanup();
  });



  /** What "Update now" sends, from an extension page. */
  async function updateNow() {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/pages/options.html`);
    const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'updateNow' }));
    await closePage(page);
    return reply.status;
  }

  /** `url` ends on the warning page, or loads and stays when `caught` is false. */
  async function check(url, caught, what) {
    const page = await ext.context.newPage();
    await go(page, url);
    if (caught) {
      await waitForWarning(page, ext.warningPrefix).catch(() => assert.fail(`${what}: not caught`));
    } else {
      await until(async () => page.url() === url && (await page.$('#page')), `${what} to load`);
      assert.equal(page.url(), url, `${what}: caught`);
    }
    await closePage(page);
  }

  /** The list in force is release `sequence`, and blocks what it lists. */
  async function inForce(status, sequence) {
    assert.equal(status.list?.sequence, sequence, `release ${sequence} in force`);
    assert.equal(status.list.source, 'downloaded');
    await check(demoPage(), true, 'a listed demo URL');
    await check(search(NEW_PHRASE), sequence >= 2, 'the phrase of release 2 on');
    await check(search(THIRD_PHRASE), sequence >= 3, 'the phrase of release 3 on');
  }

  test('nginx serves what docs/publishing.md asks: Cache-Control, ETag, gzip', async () => {
    serve(1);
    const index = await fetch(`${nginx.origin}/index.txt`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(index.headers.get('cache-control'), 'public, max-age=60');
    assert.ok(index.headers.get('etag'), 'an ETag');
    assert.equal(index.headers.get('content-encoding'), 'gzip');
    const list = await fetch(`${nginx.origin}/demo-1.tbl`, { method: 'HEAD' });
    assert.equal(list.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    await fetched(3); // startNginx's probe and the two requests above
  });

  test('release 1: the index, then the full list', async () => {
    await ext.context.serviceWorkers().at(-1).evaluate(
      ([url, key]) => chrome.storage.local.set({ settings: { listUrl: url, publicKey: key } }),
      [`${nginx.origin}/index.txt`, DEMO_KEY],
    );
    const status = await updateNow();
    assert.equal(status.lastError, null, JSON.stringify(status.lastError));
    // The settings change starts an update of its own: "Update now" then
    // gets a 304 (or joins it).
    const files = await fetched(2);
    assert.deepEqual(files.slice(0, 2), ['index.txt 200', 'demo-1.tbl 200']);
    assert.ok(files.slice(2).every((f) => f === 'index.txt? 304'), files.join(', '));
    await inForce(status, 1);
  });

  const steps = [
    /** @type {[string, number, Record<string, (b: Uint8Array) => Uint8Array>, string[], number]} */
    ['release 2 by delta', 2, {}, ['index.txt? 200', 'demo-1-2.tbd 200'], 2],
    ['release 3 by delta', 3, {}, ['index.txt? 200', 'demo-2-3.tbd 200'], 3],
    ['release 6: too old for its deltas (from 4 and 5), the full list', 6, {}, ['index.txt? 200', 'demo-6.tbl 200'], 6],
    // (the corrupt copy is made once the releases are built)
    ['release 7 with a corrupt delta: the full list', 7, { 'demo-6-7.tbd': flipped }, ['index.txt? 200', 'demo-6-7.tbd 200', 'demo-7.tbl 200'], 7],
  ];
  for (const [name, state, changes, files, sequence] of steps) {
    test(name, async () => {
      const s = /** @type {number} */ (state);
      serve(s, Object.fromEntries(Object.entries(changes).map(([file, change]) => [file, change(pub.states[s][file])])));
      const status = await updateNow();
      assert.equal(status.lastError, null, JSON.stringify(status.lastError));
      assert.deepEqual(await fetched(files.length), files);
      await inForce(status, /** @type {number} */ (sequence));
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
    assert.notEqual(status.nextRetry, null, 'a retry is scheduled');
    await inForce(status, 7);
  });
});
