// Incognito windows (Chromium). An extension runs there only when allowed
// ("Allow in Incognito" in chrome://extensions, off by default, policy
// installs included: Chromium has no policy that switches it on), so:
//
// 1. By default an incognito window is not checked: a listed page loads and
//    runs there (the gap README-admin.md tells administrators about).
// 2. Allowed in incognito, through the switch chrome://extensions itself
//    uses (developerPrivate): a listed page in an incognito window ends on
//    the warning page with its help. This needs the manifest's "split" mode:
//    in the default "spanning" mode Chromium refuses to load an extension
//    page in an incognito tab's main frame, so the tab ended on an error
//    page, stopped but without help. Split mode runs a second worker for
//    the incognito profile, which shares the session rules (dnr.js gives
//    each worker rule ids of its own, so neither's update fails on the
//    other's). An incognito tab gets holds but no exact-URL rule: a rule
//    would keep the URL for the rest of the browser session, after the
//    private window closed.
// 3. IncognitoModeAvailability 1, a real machine policy (tests/extension/
//    chromium-policy.sh): no incognito window can be opened, which closes
//    the gap on a managed device; the guest and add-person policies that go
//    with it are read as set (their effect needs a visible profile picker).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { closePage, go, launchExtension, scaled, startServer, until, waitForWarning } from './harness.mjs';

/** A benign page the incognito window opens on. */
const START = 'http://benign.turnback.test/incognito-start';

/** The CDP browser context id of `page` (incognito pages have their own). */
async function browserContextId(context, page) {
  const cdp = await context.newCDPSession(page);
  try {
    return (await cdp.send('Target.getTargetInfo')).targetInfo.browserContextId;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Opens an incognito window on START, as the browser's own "New Incognito
 * window" does (through the regular worker's windows API), and returns its
 * page, checked to be in a browser context other than the regular one.
 */
async function openIncognito(ext, worker) {
  const known = new Set(ext.context.pages());
  const opened = await worker.evaluate((url) => chrome.windows.create({ incognito: true, url }).then(() => 'ok', (e) => e.message), START);
  assert.equal(opened, 'ok');
  const page = await until(() => ext.context.pages().find((p) => !known.has(p) && p.url() === START), 'the incognito window');
  const regular = await ext.context.newPage();
  assert.notEqual(await browserContextId(ext.context, page), await browserContextId(ext.context, regular), 'an incognito context');
  await closePage(regular);
  return page;
}

/** Waits until the startup block is lifted (its session `allow` rule), as useExtension does. */
const lifted = (worker) =>
  until(() => worker.evaluate(async () => (await chrome.declarativeNetRequest.getSessionRules()).some((r) => r.action.type === 'allow')), 'the startup block to lift');

/**
 * Switches "Allow in Incognito" on, the way chrome://extensions does, and
 * returns the regular worker of the extension Chromium reloads for it.
 */
async function allowInIncognito(ext) {
  const ui = await ext.context.newPage();
  await ui.goto('chrome://extensions/');
  // Developer mode on, as for anyone who loaded the extension unpacked: with
  // it off, Chromium 156 disables an unpacked extension it reloads
  // ("unsupportedDeveloperExtension"), as it does for this switch.
  await ui.evaluate(() => new Promise((ok) => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }, ok)));
  await ui.evaluate(
    (id) =>
      new Promise((ok, fail) =>
        chrome.developerPrivate.updateExtensionConfiguration({ extensionId: id, incognitoAccess: true }, () =>
          chrome.runtime.lastError ? fail(new Error(chrome.runtime.lastError.message)) : ok(),
        ),
      ),
    ext.extensionId,
  );
  // The old worker is going away: asking it may hang until it is gone.
  const ours = (w) => w !== ext.worker && w.url().startsWith(`chrome-extension://${ext.extensionId}/`);
  const allowed = (w) => w.evaluate(async () => !chrome.extension.inIncognitoContext && (await chrome.extension.isAllowedIncognitoAccess())).catch(() => false);
  // Chromium reloads the extension and starts its worker by itself. (A page
  // navigated meanwhile to wake it kept Playwright from ever seeing it.)
  const worker = await until(async () => {
    for (const w of ext.context.serviceWorkers().filter(ours)) if (await allowed(w)) return w;
    return null;
  }, 'the extension reloaded with incognito access', 30_000);
  await closePage(ui);
  return worker;
}

describe('incognito by default (Chromium): not checked', { timeout: scaled(5 * 60_000) }, () => {
  let server;
  let ext;
  before(async () => {
    server = await startServer();
    ext = await launchExtension(server);
    await lifted(ext.worker);
  });
  after(async () => {
    await ext?.close();
    await server?.close();
  });

  test('the extension is not allowed there, and a listed page loads and runs', async () => {
    assert.equal(await ext.worker.evaluate(() => chrome.extension.isAllowedIncognitoAccess()), false);
    const page = await openIncognito(ext, ext.worker);
    const url = `http://blocked.turnback.test/incognito/default-${Date.now().toString(36)}.html`;
    await page.goto(url);
    await until(() => server.beaconsFrom(url.replace('http://', '')).length > 0, 'the listed page to run');
    assert.equal(page.url(), url);
    assert.equal(await page.textContent('#trap'), 'This page must never be shown');
    await closePage(page);
  });
});

describe('incognito allowed in chrome://extensions (Chromium): checked, the warning with its help', { timeout: scaled(5 * 60_000) }, () => {
  let server;
  let ext;
  let worker;
  let page;
  before(async () => {
    server = await startServer();
    ext = await launchExtension(server);
    await lifted(ext.worker);
    worker = await allowInIncognito(ext);
    await lifted(worker);
    page = await openIncognito(ext, worker);
  });
  after(async () => {
    await ext?.close();
    await server?.close();
  });

  test('a listed page ends on the warning page, which shows its texts and help links', async () => {
    await go(page, `http://blocked.turnback.test/incognito/allowed-${Date.now().toString(36)}.html`);
    const params = await waitForWarning(page, ext.warningPrefix);
    assert.equal(params.get('kind'), 'page');
    await page.waitForFunction(() => document.getElementById('help')?.hidden === false);
    assert.ok((await page.textContent('h1')).trim().length > 0, 'a heading');
    assert.ok((await page.$$('#resources a')).length > 0, 'help links');
  });

  test('a listed search in the incognito window ends on the warning page', async () => {
    await page.goto(server.page('<p>between</p>')); // off the last warning page
    await go(page, 'https://duckduckgo.com/?q=z0rbl%40x+incognito');
    const params = await waitForWarning(page, ext.warningPrefix);
    assert.equal(params.get('kind'), 'search');
  });

  test('listed pages in both windows, in turn: each on the warning page; regular ones keep an exact-URL rule, incognito ones none', async () => {
    const regular = await ext.context.newPage();
    const run = Date.now().toString(36);
    const stopped = { regular: [], incognito: [] };
    for (let i = 0; i < 4; i++) {
      for (const [where, tab] of [['regular', regular], ['incognito', page]]) {
        const url = `http://blocked.turnback.test/incognito/${run}/${where}-${i}.html`;
        stopped[where].push(url);
        await go(tab, url);
        await waitForWarning(tab, ext.warningPrefix);
      }
    }
    // Both workers update the shared session rules at once (holds, rules):
    // ids taken by both would make one update fail, and that URL get no rule.
    const filters = await worker.evaluate(async () => (await chrome.declarativeNetRequest.getSessionRules()).map((r) => r.condition.urlFilter));
    assert.deepEqual(stopped.regular.filter((u) => !filters.includes(`|${u}|`)), [], 'every URL stopped in the regular window has its rule');
    assert.deepEqual(stopped.incognito.filter((u) => filters.includes(`|${u}|`)), [], 'no URL stopped in incognito is kept in a rule');
    const mark = server.requests.length;
    for (const url of stopped.regular) {
      await go(regular, url);
      await waitForWarning(regular, ext.warningPrefix);
    }
    for (const url of stopped.incognito) {
      await go(page, url);
      await waitForWarning(page, ext.warningPrefix);
    }
    const hostPaths = stopped.regular.map((u) => u.replace('http://', ''));
    assert.deepEqual(
      server.requests.slice(mark).filter((r) => hostPaths.includes(`${r.host}${r.path}`)).map((r) => r.url),
      [],
      'no repeat of a ruled URL reached the server',
    );
    await closePage(regular);
  });
});

describe('IncognitoModeAvailability 1, a real machine policy (Chromium): no incognito window', { timeout: scaled(5 * 60_000) }, () => {
  const policy = { IncognitoModeAvailability: 1, BrowserGuestModeEnabled: false, BrowserAddPersonEnabled: false };
  let server;
  let ext;
  before(async () => {
    server = await startServer();
    ext = await launchExtension(server, { policy });
  });
  after(async () => {
    await ext?.close();
    await server?.close();
  });

  test('opening an incognito window is refused', async () => {
    const known = new Set(ext.context.pages());
    const opened = await ext.worker.evaluate((url) => chrome.windows.create({ incognito: true, url }).then(() => 'ok', (e) => e.message), START);
    assert.equal(opened, 'Incognito mode is disabled.');
    assert.deepEqual(ext.context.pages().filter((p) => !known.has(p)).map((p) => p.url()), []);
    assert.deepEqual(server.requestsTo('benign.turnback.test/incognito-start'), []);
  });

  test('chrome://policy shows the three policies read from the machine, status OK', async () => {
    const ui = await ext.context.newPage();
    await ui.goto('chrome://policy/');
    for (const [name, value] of Object.entries(policy)) {
      const row = ui.locator('.policy.row', { hasText: name }).first();
      await until(async () => /\bOK\b/.test(await row.innerText().catch(() => '')), `${name} in chrome://policy`);
      const text = await row.innerText();
      assert.match(text, new RegExp(`\\b${value}\\b`), `${name} = ${value}`);
      assert.match(text, /Machine/);
      assert.match(text, /Mandatory/);
    }
    await closePage(ui);
  });
});
