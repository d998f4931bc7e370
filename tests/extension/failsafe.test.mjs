// Protection never fails open by accident (Chromium): a list that cannot be
// refreshed stays in force, past its expiry and across a browser restart,
// and the toolbar and the options page say so; with a list URL configured
// the packaged demo list never stands in for it, and an administrator can
// make navigations that cannot be checked stop (fail closed); a list served
// compressed, as CDNs do, is taken.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { closePage, DIST, go, launchExtension, scaled, until, waitForWarning } from './harness.mjs';
import { extensionIdOf } from './crx.mjs';
import { DEMO_KEY, NEW_PHRASE, buildList } from './lists/fixtures.mjs';
import { startNginx } from './lists/nginx.mjs';
import { startListServer } from './lists/server.mjs';

const LIST_PATH = '/lists/turnback.tbl';
const LIST_URL = `http://lists.turnback.test${LIST_PATH}`;
const URGENT_MS = 15 * 60_000; // lists/updater.js URGENT_MINUTES
let n = 0;
const newSearch = () => `http://search.turnback.test/?q=${encodeURIComponent(NEW_PHRASE)}&n=${++n}`;

/** The toolbar badge text and title, read in the worker. */
const badge = (ext) =>
  ext.context.serviceWorkers().at(-1).evaluate(async () => ({
    text: await chrome.action.getBadgeText({}),
    title: await chrome.action.getTitle({}),
  }));

/** Asks the worker for an update from an extension page (what "Update now" sends). */
async function updateNow(ext) {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/pages/options.html`);
  const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'updateNow' }));
  await closePage(page);
  return reply;
}

/** The options page's problem notes (data-problem of each). */
async function optionsProblems(ext) {
  const page = await ext.context.newPage();
  // Right after a browser restart Chromium's i18n may answer '' for a moment
  // (badge.js), and a page opened then shows message names: open it again
  // until it is in words.
  await until(async () => {
    await page.goto(`chrome-extension://${ext.extensionId}/pages/options.html`);
    const shown = await until(() => page.textContent('#status-source').then((t) => t?.trim()), 'the options page status');
    return !/^options[A-Z]\w*$/.test(shown);
  }, 'the options page in words, not message names');
  const problems = await page.$$eval('#problems:not([hidden]) p', (ps) => ps.map((p) => [p.dataset.problem, p.textContent]));
  const source = (await page.textContent('#status-source')).trim();
  await closePage(page);
  return { problems, source };
}

/** A fresh tab that has gone to `url` and either stopped on the warning page or loaded. */
async function visit(ext, url) {
  const page = await ext.context.newPage();
  await go(page, url);
  return page;
}

describe('an expired list whose updates fail stays in force across a restart (Chromium)', { timeout: scaled(5 * 60_000) }, () => {
  let dir;
  let server;
  let profile;
  let ext;
  let expires;
  let requestsBeforeRestart;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'turnback-failsafe-'));
    server = await startListServer();
    profile = mkdtempSync(join(tmpdir(), 'turnback-failsafe-profile-'));
    const first = await launchExtension(server, { userDataDir: profile });
    try {
      // Lives a few seconds: taken while valid, then past its expiry.
      const list = buildList(dir, { out: 'short.tbl', sequence: 5, expires: '10s', extra: [NEW_PHRASE] });
      server.serve(LIST_PATH, { body: list });
      await first.context.serviceWorkers().at(-1).evaluate(
        ([url, key]) => chrome.storage.local.set({ settings: { listUrl: url, publicKey: key } }),
        [LIST_URL, DEMO_KEY],
      );
      const reply = await updateNow(first);
      assert.equal(reply.ok, true);
      assert.equal(reply.status.list.sequence, 5, `the short-lived list was taken: ${JSON.stringify(reply.status.lastError)}`);
      expires = reply.status.list.expires;
    } finally {
      await first.close();
    }
    // Past its expiry, and the list host now fails every request.
    await until(() => Date.now() / 1000 > expires + 1, 'the list to expire', 30_000);
    server.serve(LIST_PATH, { status: 503 });
    requestsBeforeRestart = server.requests.length;
    ext = await launchExtension(server, { userDataDir: profile });
  });
  after(async () => {
    await ext?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('after the restart the expired list still stops a search only it holds', async () => {
    const page = await visit(ext, newSearch());
    await waitForWarning(page, ext.warningPrefix);
    await closePage(page);
  });

  test('the updater tries at once and then urgently; the badge and the options page say the list expired', async () => {
    await until(
      () => server.requests.slice(requestsBeforeRestart).some((r) => r.path === LIST_PATH),
      'an update attempt after the restart',
      30_000,
    );
    const shown = await until(async () => {
      const b = await badge(ext);
      return b.text === '!' && b;
    }, 'the badge');
    assert.match(shown.title, /expired/);
    const retry = await until(
      () => ext.context.serviceWorkers().at(-1).evaluate(() => chrome.alarms.get('turnback-list-retry')),
      'the retry alarm',
    );
    assert.ok(retry.scheduledTime - Date.now() <= URGENT_MS, `retry in ${retry.scheduledTime - Date.now()} ms`);
    const { problems, source } = await optionsProblems(ext);
    assert.equal(source, 'Downloaded earlier, kept on this device');
    assert.deepEqual(problems.map(([p]) => p), ['expired']);
    assert.match(problems[0][1], /has expired\. It stays in use/);
  });
});

describe('a configured list that never arrives: never the packaged list (Chromium)', { timeout: scaled(5 * 60_000) }, () => {
  const key = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')).key;
  const id = extensionIdOf(Buffer.from(key, 'base64'));
  const policy = (extra) => ({ '3rdparty': { extensions: { [id]: { listUrl: LIST_URL, publicKey: DEMO_KEY, ...extra } } } });
  let server;
  before(async () => {
    server = await startListServer();
    server.serve(LIST_PATH, { status: 503 });
  });
  after(() => server?.close());

  test('fail open (the default): pages pass, the demo list does not stand in, the badge says no list', async () => {
    const ext = await launchExtension(server, { policy: policy({}) });
    try {
      await until(() => server.requests.some((r) => r.path === LIST_PATH), 'the list download attempt', 30_000);
      // A demo entry: the packaged list would stop it.
      const page = await visit(ext, 'http://blocked.turnback.test/failsafe-open.html');
      await until(async () => page.url().startsWith('http://blocked.turnback.test/') && (await page.$('#page')), 'the page to load');
      assert.ok(!page.url().startsWith(ext.warningPrefix));
      await closePage(page);
      await until(async () => (await badge(ext)).text === '!', 'the badge');
      const { problems, source } = await optionsProblems(ext);
      assert.equal(source, 'No list in use');
      assert.deepEqual(problems.map(([p]) => p), ['no-list']);
    } finally {
      await ext.close();
    }
  });

  test('fail closed by policy: a page that cannot be checked stops on a page saying why', async () => {
    const ext = await launchExtension(server, { policy: policy({ failMode: 'closed' }) });
    try {
      const unavailable = `chrome-extension://${ext.extensionId}/pages/unavailable.html`;
      const page = await visit(ext, `http://news.turnback.test/failsafe-closed-${++n}.html`);
      await until(() => page.url().startsWith(unavailable), 'the unavailable page', 30_000);
      await page.waitForFunction(() => document.getElementById('title')?.textContent.length > 0);
      assert.equal(await page.textContent('#title'), 'This page cannot be checked yet');
      assert.doesNotMatch(await page.textContent('body'), /news\.turnback\.test|failsafe-closed/, 'the stopped URL is never shown');
      await closePage(page);
      const { problems } = await optionsProblems(ext);
      assert.deepEqual(problems.map(([p]) => p), ['no-list']);
      assert.match(problems[0][1], /pages stay closed/);
    } finally {
      await ext.close();
    }
  });
});

describe('a list served gzip-compressed by nginx is taken (Chromium)', { timeout: scaled(5 * 60_000) }, () => {
  let dir;
  let server;
  let nginx;
  let ext;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'turnback-gzip-'));
    const list = buildList(dir, { out: 'gz.tbl', sequence: 7, extra: [NEW_PHRASE] });
    nginx = await startNginx({ 'list.tbl': list }, { waitFor: until });
    server = await startListServer();
    ext = await launchExtension(server, { direct: ['127.0.0.1'] });
  });
  after(async () => {
    await ext?.close();
    await server?.close();
    await nginx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('nginx really compresses it, with the compressed size as Content-Length', async () => {
    const res = await fetch(`${nginx.origin}/list.tbl`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    const declared = Number(res.headers.get('content-length'));
    const decoded = (await res.arrayBuffer()).byteLength;
    assert.ok(declared > 0 && declared < decoded, `Content-Length ${declared}, decoded ${decoded} bytes`);
  });

  test('the extension downloads, verifies and uses it', async () => {
    await ext.context.serviceWorkers().at(-1).evaluate(
      ([url, key]) => chrome.storage.local.set({ settings: { listUrl: url, publicKey: key } }),
      [`${nginx.origin}/list.tbl`, DEMO_KEY],
    );
    const reply = await updateNow(ext);
    assert.equal(reply.status.lastError, null, `no error: ${JSON.stringify(reply.status.lastError)}`);
    assert.equal(reply.status.list.sequence, 7);
    const page = await visit(ext, newSearch());
    await waitForWarning(page, ext.warningPrefix);
    await closePage(page);
  });
});
