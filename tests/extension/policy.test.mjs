// Deployment by policy in Chromium, with real machine policies: each browser
// here runs in a mount namespace of its own where a test policy is bound over
// /etc/chromium (tests/extension/chromium-policy.sh), so no other Chromium on
// the machine sees it.
//
// 1. Force-installed (ExtensionInstallForcelist, from a CRX and update
//    manifest on the loopback server, as an administrator self-hosts it):
//    Chromium grants blocking webRequest to policy installs, so the request
//    for a listed page or search waits for the verdict and is never sent,
//    first visit included (what a normal install cannot promise: README.md).
// 2. Settings from the policy's `3rdparty` section (storage.managed with
//    schema.json), locked: the options page and the list download follow it.
//
// DeveloperToolsAvailability 1 lets Playwright attach to the extension's
// pages and worker; Chromium's default hides a policy-installed extension
// from DevTools.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { closePage, DIST, go, launchExtension, REPO, scaled, startServer, until, waitForWarning } from './harness.mjs';
import { runBeaconScenario } from './beacon-scenario.mjs';
import { extensionIdOf, packCrx, updateManifest } from './crx.mjs';

describe('installed by policy (Chromium): the request for a listed page is never sent', { timeout: scaled(10 * 60_000) }, () => {
  let server;
  let ext;
  before(async () => {
    server = await startServer();
    const packed = packCrx(DIST);
    const crxUrl = server.file(packed.crx, 'application/x-chrome-extension', 'updates.turnback.test');
    const updateUrl = server.file(updateManifest(packed, crxUrl), 'text/xml', 'updates.turnback.test');
    ext = await launchExtension(server, {
      dist: null,
      extensionId: packed.id,
      policy: { ExtensionInstallForcelist: [`${packed.id};${updateUrl}`], DeveloperToolsAvailability: 1 },
    });
  });
  after(async () => {
    await ext?.close();
    await server?.close();
  });

  test('the policy installed it, and blocking webRequest is granted', async () => {
    const self = await ext.worker.evaluate(() => chrome.management.getSelf());
    assert.equal(self.installType, 'admin');
    assert.equal(await ext.worker.evaluate(() => chrome.permissions.contains({ permissions: ['webRequestBlocking'] })), true);
  });

  test('120 navigations to listed pages, 40 of them first visits: each on the warning page, none requested, none ran', async () => {
    const r = await runBeaconScenario(ext, server, { per: 10, visits: 3 });
    assert.equal(r.navigations, 120);
    assert.equal(r.firstVisits, 40);
    assert.equal(r.firstVisitsReachingServer, 0, 'no listed URL reached the server on a first visit');
    assert.deepEqual(r.repeatRequests, []);
    assert.deepEqual(r.ranPages, []);
    assert.deepEqual(r.beacons, []);
  });

  test('a listed search is stopped before its request', async () => {
    const page = await ext.context.newPage();
    await go(page, 'https://duckduckgo.com/?q=z0rbl%40x&ia=web');
    const params = await waitForWarning(page, ext.warningPrefix);
    assert.equal(params.get('kind'), 'search');
    assert.deepEqual(server.requestsTo('duckduckgo.com/'), []);
    await closePage(page);
  });

  test('a benign page loads as usual', async () => {
    const page = await ext.context.newPage();
    await page.goto(server.page('<!doctype html><title>fine</title><h1 id="fine">fine</h1>'));
    assert.equal(await page.textContent('#fine'), 'fine');
    await page.goto('https://www.duckduckgo.com/?q=weather+tomorrow');
    assert.equal(new URL(page.url()).hostname, 'www.duckduckgo.com');
    await closePage(page);
  });

  test('no session rule holds a stopped URL: blocking webRequest stops every request itself', async () => {
    // A pushState search too, the one path that makes no request at all.
    const page = await ext.context.newPage();
    const start = server.page(`<button id="go" onclick="history.pushState({}, '', '/search?q=zorblax+pushed')">go</button>`, 'www.turnback.test');
    await page.goto(start);
    await page.click('#go');
    await waitForWarning(page, ext.warningPrefix);
    await closePage(page);
    // Everything above has reached the warning page; a rule would have been
    // added with (or right after) each stop.
    const rules = await ext.worker.evaluate(() => chrome.declarativeNetRequest.getSessionRules());
    assert.deepEqual(rules.filter((r) => r.condition.urlFilter).map((r) => r.condition.urlFilter), []);
  });
});

describe('settings from a real policy (Chromium, storage.managed)', { timeout: scaled(5 * 60_000) }, () => {
  const key = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')).key;
  const id = extensionIdOf(Buffer.from(key, 'base64'));
  const publicKey = readFileSync(join(REPO, 'data/demo/demo.pub'), 'utf8').trim();
  let server;
  let ext;
  let listUrl;
  before(async () => {
    server = await startServer();
    listUrl = server.file(readFileSync(join(REPO, 'target/demo/demo.tbl')), 'application/octet-stream', 'lists.turnback.test');
    const managed = { listUrl, publicKey, updateHours: 12, locked: true };
    ext = await launchExtension(server, { policy: { '3rdparty': { extensions: { [id]: managed } } } });
  });
  after(async () => {
    await ext?.close();
    await server?.close();
  });

  test('the worker downloads the list the policy names', async () => {
    assert.equal(ext.extensionId, id);
    const path = new URL(listUrl).pathname;
    await until(() => server.requests.some((r) => r.host === 'lists.turnback.test' && r.path === path), 'the list download', 30_000);
  });

  test('the options page shows the policy values, read-only and locked', async () => {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${id}/pages/options.html`);
    await until(async () => (await page.inputValue('#listUrl')) === listUrl, 'the policy list URL in the form');
    assert.equal(await page.isVisible('#locked-note'), true);
    for (const field of ['listUrl', 'publicKey', 'country', 'updateHours']) {
      assert.equal(await page.$eval(`#${field}`, (e) => e.readOnly), true, `${field} is read-only`);
    }
    assert.equal(await page.inputValue('#updateHours'), '12');
    assert.equal(await page.isVisible('#save'), false);
    await closePage(page);
  });
});
