// List updates in the real extension (Chromium): configured through the
// options page and through chrome.storage.local from the worker, the list
// server offers in turn a newer list, a tampered one, another key's, an older
// sequence, an expired one, a 500, a truncated body and a stalled body. Only
// the valid newer lists are taken; the demo entries match throughout; the
// options page shows the state, passes axe-core, and the last good list
// survives an extension reload.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AXE, artifactsDir, go, launchExtension, scaled, settle, stopServiceWorker, until, waitForWarning } from './harness.mjs';
import { DEMO_KEY, NEW_PHRASE, makeLists } from './lists/fixtures.mjs';
import { startListServer } from './lists/server.mjs';

const LIST_PATH = '/lists/turnback.tbl';
const LIST_URL = `http://lists.turnback.test${LIST_PATH}`;
const SECOND_PATH = '/lists/second.tbl';
const SECOND_URL = `http://lists.turnback.test${SECOND_PATH}`;
let n = 0;
const t0 = Date.now();
/** Step log on stderr with LISTS_DEBUG=1 (timings when a step hangs). */
const log = (...a) => process.env.LISTS_DEBUG && console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
/** A search for the phrase only the newer lists hold; a fresh URL each time so the engine decides, not a cached rule. */
const newSearch = () => `http://search.turnback.test/?q=${encodeURIComponent(NEW_PHRASE)}&n=${++n}`;
const demoPage = () => `http://blocked.turnback.test/page/${++n}.html`;
const demoSearch = () => `http://search.turnback.test/?q=blocked+demo+term&n=${++n}`;

describe('list updates (Chromium)', { timeout: scaled(10 * 60_000) }, () => {
  let fx;
  let server;
  let ext;
  let options;
  let builtAt;

  before(async () => {
    fx = makeLists();
    builtAt = Date.now();
    server = await startListServer();
    ext = await launchExtension(server);
    options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/pages/options.html`);
    await until(() => options.textContent('#status-sequence'), 'the options page status');
  });
  after(async () => {
    await ext?.close();
    await server?.close();
    fx?.cleanup();
  });

  const listRequests = () => server.requests.filter((r) => r.path.startsWith('/lists/'));
  const text = (sel) => options.textContent(sel).then((t) => t.trim());

  // One probe tab for every navigation check: closing a tab that the
  // extension has just redirected sometimes never resolves in Playwright.
  let probe;
  async function fresh() {
    probe ??= await ext.context.newPage();
    await go(probe, 'about:blank');
    await until(() => probe.url() === 'about:blank', 'a blank probe tab');
    return probe;
  }

  /** `url` ends on the warning page. */
  async function assertCaught(url, what) {
    const page = await fresh();
    log('go', what, url);
    await go(page, url);
    await waitForWarning(page, ext.warningPrefix, 20_000).catch(() => assert.fail(`${what}: ${url} was not caught`));
    log('caught');
  }

  /** `url` loads (the server's page shows) and stays. */
  async function assertPasses(url, what) {
    const page = await fresh();
    await go(page, url);
    await until(async () => page.url() === url && (await page.$('#page')), `${url} to load`, 20_000);
    // A verdict arrives well within this; a late redirect would show here.
    await settle(1000);
    assert.equal(page.url(), url, `${what}: ${url} was caught`);
  }

  async function assertDemoMatches() {
    await assertCaught(demoPage(), 'a demo URL');
    await assertCaught(demoSearch(), 'a demo keyword search');
  }

  async function axeClean() {
    await options.evaluate(readFileSync(AXE, 'utf8'));
    const result = await options.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((x) => x.target).join(' ')}`), []);
  }

  async function clickUpdateNow(ms = 20_000) {
    log('click update');
    await options.click('#update-now');
    log('clicked');
    const live = await until(
      async () => !(await options.isDisabled('#update-now')) && (await text('#live')),
      'the update check to finish',
      ms,
    );
    log('update done', live);
    assert.equal(live, 'Check finished.');
  }

  test('at first: the packaged list, no request at all, an accessible options page', async () => {
    assert.equal(await text('#status-sequence'), '1');
    assert.equal(await text('#status-source'), 'Included with the extension');
    assert.equal(await options.isVisible('#no-url'), true);
    assert.equal(await text('#status-last-error'), 'None');
    assert.deepEqual(listRequests(), []);
    await assertPasses(newSearch(), 'the newer phrase is not in the packaged list');
    await assertDemoMatches();
    await axeClean();
  });

  test('a bad setting is refused with the field named, and nothing is fetched', async () => {
    await options.fill('#listUrl', 'http://lists.example/turnback.tbl');
    await options.fill('#publicKey', DEMO_KEY);
    await options.click('#save');
    await until(() => options.isVisible('#listUrl-error'), 'the field error');
    assert.equal(await options.getAttribute('#listUrl', 'aria-invalid'), 'true');
    assert.match(await text('#listUrl-error'), /This value is not valid\. \(listUrl: must use https/);
    assert.equal(await options.evaluate(() => document.activeElement.id), 'listUrl');
    await options.fill('#listUrl', LIST_URL);
    await options.fill('#publicKey', 'turnback-public-key-v1 0123');
    await options.click('#save');
    await until(() => options.isVisible('#publicKey-error'), 'the key error');
    assert.match(await text('#publicKey-error'), /publicKey: key is not 32 bytes of hex/);
    assert.equal(await options.isVisible('#listUrl-error'), false);
    assert.deepEqual(listRequests(), []);
    await axeClean();
  });

  test('configured in the options page: the newer list is taken and its phrase is caught', async () => {
    server.serve(LIST_PATH, { body: fx.lists.seq2, etag: '"s2"', lastModified: 'Sun, 29 Nov 2026 06:00:00 GMT' });
    await options.fill('#listUrl', LIST_URL);
    await options.fill('#publicKey', DEMO_KEY);
    await options.click('#save');
    await until(async () => (await text('#live')) === 'Saved.', 'the save');
    assert.equal(await text('#status-sequence'), '2');
    assert.equal(await text('#status-source'), 'Downloaded');
    assert.equal(await text('#status-last-error'), 'None');
    assert.equal(await options.isVisible('#no-url'), false);
    const [req] = listRequests();
    assert.equal(listRequests().length, 1);
    assert.equal(req.method, 'GET');
    assert.equal(req.headers.host, 'lists.turnback.test');
    assert.equal(req.headers.cookie, undefined);
    assert.equal(req.headers.referer, undefined);
    await assertCaught(newSearch(), 'the newer phrase, now in the list');
    await assertDemoMatches();
  });

  test('unchanged list: a conditional request, 304, nothing swapped', async () => {
    const sent = listRequests().length;
    await clickUpdateNow();
    const req = listRequests().at(-1);
    assert.equal(listRequests().length, sent + 1);
    assert.equal(req.headers['if-none-match'], '"s2"');
    assert.equal(req.headers['if-modified-since'], 'Sun, 29 Nov 2026 06:00:00 GMT');
    assert.equal(await text('#status-sequence'), '2');
    assert.equal(await text('#status-last-error'), 'None');
  });

  const refusals = [
    ['a tampered list', () => ({ body: fx.lists.tampered }), 'The downloaded list was refused.', 'list signature does not verify'],
    ['a list signed by another key', () => ({ body: fx.lists.otherKey }), 'The downloaded list was refused.', 'not by the pinned key'],
    ['an older sequence', () => ({ body: fx.lists.seq1 }), 'The downloaded list was refused.', "list sequence 1 is older than the loaded list's 2"],
    ['an expired list', () => ({ body: fx.lists.expired }), 'The downloaded list was refused.', 'list expired at'],
    ['HTTP 500', () => ({ status: 500 }), 'The list server answered with an error.', 'HTTP 500'],
    ['a truncated body', () => ({ body: fx.lists.seq3, cutAfter: 5000 }), /The download was (interrupted|incomplete)\./, ''],
    ['a stalled body', () => ({ body: fx.lists.seq3, stallAfter: 100 }), 'The download took too long.', 'sent nothing for 20 s'],
  ];
  for (const [name, answer, sentence, detail] of refusals) {
    test(`${name} is refused; the last good list stays and the options page says why`, { timeout: scaled(120_000) }, async () => {
      if (name === 'an expired list') await until(() => Date.now() > builtAt + 1500, 'the list to expire');
      server.serve(LIST_PATH, answer());
      const sent = listRequests().length;
      await clickUpdateNow(40_000);
      assert.equal(listRequests().length, sent + 1);
      assert.equal(listRequests().at(-1).headers['if-none-match'], '"s2"', 'still asks about the held list');
      assert.equal(await text('#status-sequence'), '2');
      const shown = await text('#status-last-error');
      if (sentence instanceof RegExp) assert.match(shown, sentence);
      else assert.ok(shown.startsWith(sentence), shown);
      assert.ok(shown.includes(detail), shown);
      assert.notEqual(await text('#status-next-retry'), 'None', 'a retry is scheduled');
      await assertCaught(newSearch(), 'the newer list is still in use');
      await assertDemoMatches();
    });
  }

  test('the options page with an error shown passes axe-core; a screenshot is kept', async () => {
    assert.notEqual(await text('#status-last-error'), 'None');
    await axeClean();
    await options.screenshot({ path: join(artifactsDir(), 'options-last-error-en.png'), fullPage: true });
  });

  test('configured by writing chrome.storage.local from the worker; the list survives a worker restart', async () => {
    server.serve(SECOND_PATH, { body: fx.lists.seq3, etag: '"s3"' });
    const worker = ext.context.serviceWorkers().at(-1);
    await worker.evaluate(
      ([url, key]) => chrome.storage.local.set({ settings: { listUrl: url, publicKey: key } }),
      [SECOND_URL, DEMO_KEY],
    );
    await clickUpdateNow();
    assert.equal(await text('#status-sequence'), '3');
    assert.equal(await text('#status-last-error'), 'None');
    assert.equal(await text('#status-next-retry'), 'None');
    assert.equal(await options.inputValue('#listUrl'), SECOND_URL);
    // A cold start: the worker is stopped (as Chromium does to idle MV3
    // workers) and the next event starts a fresh one, which must load the
    // stored list, verified again, without downloading it.
    const downloads = listRequests().length;
    await stopServiceWorker(ext.context, options);
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/pages/options.html`);
    await until(async () => (await page.textContent('#status-sequence')).trim() === '3', 'the status after the restart', 20_000);
    assert.equal((await page.textContent('#status-source')).trim(), 'Downloaded earlier, kept on this device');
    assert.equal(listRequests().length, downloads, 'a cold start downloads nothing');
    await assertCaught(newSearch(), 'the stored list after the restart');
    await assertDemoMatches();
  });
});
