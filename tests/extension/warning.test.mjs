// The warning page: the list's message for the browser language (en, de,
// ar right-to-left), help links, one "Go back", axe-core clean, keyboard
// reachable, no remote resources, never the stopped URL or search text; a
// bare `de` shows Germany's services; while the worker does not answer the
// page shows the packaged help, and it gets the list's texts once a worker
// does.
// Screenshots: target/e2e-artifacts/extension-warning-<lang>.png.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { artifactsDir, AXE, closePage, go, pauseServiceWorker, REPO, scaled, until, useExtension, waitForWarning } from './harness.mjs';

const MESSAGES = JSON.parse(readFileSync(join(REPO, 'data/meta/messages.json'), 'utf8'));
const AXE_SOURCE = readFileSync(AXE, 'utf8');
const STOPPED = 'http://www.turnback.test/blocked/secret-path-7d1/page.html?ref=trail42';
const SEARCH = 'https://www.bing.com/search?q=blocked+demo+term+quokka9';
/** Fragments of the stopped URL and search that must never appear on the page. */
const NEVER = ['turnback.test', 'secret-path-7d1', 'trail42', 'bing', 'quokka9', 'blocked demo term', 'blocked+demo'];

/** Opens a benign page, then the stopped URL from it; resolves on the filled warning page. */
async function openWarning(ext, server, url) {
  const page = await ext.context.newPage();
  const external = [];
  // Requests the warning page itself makes that leave the extension.
  page.on('request', (r) => {
    const fromWarning = !r.isNavigationRequest() && r.frame().url().startsWith(ext.warningPrefix);
    if (fromWarning && !r.url().startsWith('chrome-extension://')) external.push(r.url());
  });
  await page.goto(server.page('<p id="start">start</p>'));
  await go(page, url);
  await waitForWarning(page, ext.warningPrefix);
  // Right after the warning page commits its document may not be parsed
  // yet: wait for the help section to exist and be shown.
  await page.waitForFunction(() => document.getElementById('help')?.hidden === false);
  return { page, external };
}

/** Everything visible or announced: text, attributes, title. */
const pageText = (page) => page.evaluate(() => `${document.title}\n${document.documentElement.outerHTML}`);

// A help service only listed for the locale's region shows that the country
// came from the browser locale; a bare language stands for its main country
// (`de` → DE; none for plain `ar`: extension/src/shared/locale.js).
for (const [lang, code, regional] of [
  ['en-US', 'en', 'https://www.stopitnow.org/'],
  ['de-DE', 'de', 'https://www.kein-taeter-werden.de/'],
  ['de', 'de', 'https://www.kein-taeter-werden.de/'],
  ['ar', 'ar', null],
]) {
  describe(`warning page in ${lang}`, () => {
    const env = useExtension({ lang });

    test('the list message in the browser language, direction, help, one action', async () => {
      const { page, external } = await openWarning(env.ext, env.server, STOPPED);
      const m = MESSAGES[code];
      const state = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
        h1: document.querySelector('h1').textContent,
        body: document.getElementById('body').textContent,
        buttons: [...document.querySelectorAll('button')].map((b) => b.textContent),
        links: [...document.querySelectorAll('#resources a')].map((a) => a.href),
        focused: document.activeElement?.id,
      }));
      assert.equal(state.lang, code);
      assert.equal(state.dir, m.dir);
      assert.equal(state.h1, m.title_page);
      assert.equal(state.body, m.body);
      assert.deepEqual(state.buttons, [m.primary], 'one action: go back; no continue');
      assert.ok(state.links.length > 0, 'help resources are one-click links');
      for (const href of state.links) assert.match(href, /^(https:|tel:)/);
      if (regional) assert.ok(state.links.includes(regional), `${regional} for the locale's country`);
      assert.equal(state.focused, 'title', 'focus starts on the heading');
      const text = await pageText(page);
      for (const s of NEVER) assert.ok(!text.includes(s), `the page never shows "${s}"`);
      assert.deepEqual(external, [], 'no remote resources');
      await page.screenshot({ path: join(artifactsDir(), `extension-warning-${lang}.png`), fullPage: true });
      await closePage(page);
    });

    test('axe-core: no serious or critical violations', async () => {
      const { page } = await openWarning(env.ext, env.server, STOPPED);
      await page.evaluate(AXE_SOURCE); // page.evaluate is not bound by the page's CSP
      const violations = await page.evaluate(async () =>
        (await globalThis.axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
      );
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad, []);
      await closePage(page);
    });
  });
}

describe('warning page behaviour', () => {
  const env = useExtension();

  test('a search shows the search title and never the query', async () => {
    const { page } = await openWarning(env.ext, env.server, SEARCH);
    assert.equal(await page.textContent('h1'), MESSAGES.en.title_search);
    assert.equal(new URL(page.url()).searchParams.get('kind'), 'search');
    const text = await pageText(page);
    for (const s of NEVER) assert.ok(!text.includes(s), `the page never shows "${s}"`);
    await closePage(page);
  });

  test("the settings' country overrides the locale's", async () => {
    const worker = env.ext.context.serviceWorkers()[0];
    await worker.evaluate(() => chrome.storage.local.set({ settings: { country: 'DE' } }));
    try {
      const { page } = await openWarning(env.ext, env.server, `${STOPPED}&country=1`);
      const links = await page.$$eval('#resources a', (as) => as.map((a) => a.href));
      assert.ok(links.includes('https://www.kein-taeter-werden.de/'), 'a German service in an en-US browser set to DE');
      assert.ok(!links.includes('https://www.stopitnow.org/'), 'the US-only service is gone');
      await closePage(page);
    } finally {
      await worker.evaluate(() => chrome.storage.local.remove('settings'));
    }
  });

  test('keyboard: Tab reaches Go back and every help link; Enter on Go back returns', async () => {
    const { page } = await openWarning(env.ext, env.server, `${STOPPED}&k=1`);
    const links = await page.locator('#resources a').count();
    const reached = new Set();
    for (let i = 0; i < links + 3; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('href')));
    }
    assert.ok(reached.has('back'), 'Go back is reachable');
    const hrefs = await page.$$eval('#resources a', (as) => as.map((a) => a.getAttribute('href')));
    for (const href of hrefs) assert.ok(reached.has(href), `${href} is reachable`);
    await page.focus('#back');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#start');
    assert.match(page.url(), /^http:\/\/benign\.turnback\.test\//);
    await closePage(page);
  });

  test('Go back in a tab with no history (opened by a link) closes the tab', async () => {
    const opener = await env.ext.context.newPage();
    await opener.goto(env.server.page(`<a id="go" target="_blank" href="${STOPPED}&fresh=1">open</a>`));
    const opened = env.ext.context.waitForEvent('page');
    await opener.click('#go');
    const page = await opened;
    await waitForWarning(page, env.ext.warningPrefix);
    await page.waitForFunction(() => document.getElementById('help')?.hidden === false);
    assert.equal(await page.evaluate(() => history.length), 1);
    const closed = page.waitForEvent('close', { timeout: scaled(5000) });
    // The click may not return: the tab can be gone before Playwright hears back.
    await page.click('#back').catch(() => {});
    await closed;
    assert.ok(page.isClosed());
    assert.ok(!opener.isClosed(), 'only that tab closed');
    await closePage(opener);
  });

  test('while the worker does not answer the page shows the packaged help; its late answer fills the page', async () => {
    const { page } = await openWarning(env.ext, env.server, `${STOPPED}&late=1`);
    const shown = () =>
      page.evaluate(() => ({
        source: document.documentElement.dataset.source,
        h1: document.querySelector('h1').textContent,
        links: [...document.querySelectorAll('#resources a')].map((a) => a.href),
      }));
    // The worker stops in the debugger as it takes the page's question and
    // answers nothing; the same warning URL (its token still valid) loads again.
    const worker = await pauseServiceWorker(env.ext.context, page, {
      file: 'src/background/main.js',
      text: 'case MSG.getPrevention:',
    });
    try {
      await page.reload({ waitUntil: 'commit' });
      await until(worker.paused, 'the page to ask the worker');
      await page.waitForFunction(() => document.getElementById('help')?.hidden === false);
      const fallback = await shown();
      assert.equal(fallback.source, 'packaged', 'the packaged texts: the worker has not answered');
      assert.equal(fallback.h1, MESSAGES.en.title_page);
      assert.ok(fallback.links.length > 0, 'the fallback carries help links');
      for (const href of fallback.links) assert.match(href, /^(https:|tel:)/);
      assert.ok(fallback.links.includes('https://www.stopitnow.org/'), "the locale's country's service (US)");
    } finally {
      await worker.resume();
    }
    await until(async () => (await shown()).source === 'list', "the list's texts once the worker answers");
    const full = await shown();
    assert.equal(full.h1, MESSAGES.en.title_page);
    assert.ok(full.links.includes('https://www.stopitnow.org/'));
    await closePage(page);
  });
});
