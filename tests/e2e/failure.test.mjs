// A list that cannot be fetched or verified: fail open by default, fail
// closed when asked, warn once, and use the list as soon as a retry succeeds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MESSAGES, buildList, panel, scaled, settle, useBrowser } from './harness.mjs';

const env = useBrowser();

/** Serves the list with one byte flipped for its first `times` requests (Infinity: always). */
function tamperList(times = Infinity) {
  const state = { served: 0 };
  state.route = (page) =>
    page.route('**/demo/demo.tbl', async (route) => {
      state.served++;
      const res = await route.fetch();
      if (state.served > times) return route.fulfill({ response: res });
      const body = Buffer.from(await res.body());
      body[body.length >> 1] ^= 0x01;
      return route.fulfill({ response: res, body });
    });
  return state;
}

async function submit(page, query) {
  await page.fill('#q', query);
  await page.press('#q', 'Enter');
}

describe('list failures', () => {
  test('a tampered list fails open by default: searches proceed, one console warning', async () => {
    const tamper = tamperList();
    const t = await env.open('/index.html', { route: tamper.route });
    assert.equal(await t.page.evaluate(() => window.turnback.ready), false);
    assert.equal(await t.page.evaluate(() => window.turnback.info), null);
    const nav = t.page.waitForURL(/results\.html/);
    await submit(t.page, 'blocked demo term');
    await nav;
    assert.equal((await panel(t.page)).open, false);
    assert.equal(t.warnings.length, 1, `warnings: ${JSON.stringify(t.warnings)}`);
    assert.match(t.warnings[0], /^Turnback: /);
    assert.ok(!t.warnings[0].includes('blocked demo term'));
    await t.context.close();
  });

  test('a missing list also fails open with one warning', async () => {
    const t = await env.open('/index.html', {
      route: (page) => page.route('**/demo/demo.tbl', (r) => r.fulfill({ status: 404, body: 'not found' })),
    });
    const nav = t.page.waitForURL(/results\.html/);
    await submit(t.page, 'weather');
    await nav;
    assert.equal(t.warnings.length, 1);
    assert.match(t.warnings[0], /HTTP 404/);
    await t.context.close();
  });

  test('failMode "closed" blocks every search with a neutral notice', async () => {
    const tamper = tamperList();
    const t = await env.open('/index.html?fail=closed', { route: tamper.route });
    await submit(t.page, 'weather tomorrow');
    await settle(t.page);
    const p = await panel(t.page);
    assert.equal(p.open, true);
    assert.equal(p.title, 'Search is unavailable');
    assert.equal(p.role, 'alertdialog');
    assert.ok(!p.html.includes('weather'), 'no query in the notice');
    assert.ok(!/illegal|children/i.test(p.html), 'the neutral notice accuses nobody');
    assert.equal(t.page.url(), `${env.server.origin}/index.html?fail=closed`);
    assert.ok(!t.requests.some((u) => u.includes('results.html')));
    assert.equal(await t.page.inputValue('#q'), 'weather tomorrow', 'a benign query is kept for later');
    await t.page.keyboard.press('Escape');
    assert.equal((await panel(t.page)).open, false);
    assert.equal(t.warnings.length, 1);
    assert.match(t.warnings[0], /blocked until a retry succeeds/);
    await t.context.close();
  });

  for (const [lang, how] of [
    ['de', { path: '/index.html?fail=closed', locale: 'de-DE' }],
    ['ar', { path: '/index.html?fail=closed&lang=ar-EG' }],
  ]) {
    test(`the fail-closed notice speaks ${lang}${lang === 'ar' ? ', right to left' : ''} and never shows the query`, async () => {
      const tamper = tamperList();
      const t = await env.open(how.path, { route: tamper.route, locale: how.locale });
      const query = 'blocked demo term';
      await submit(t.page, query);
      await settle(t.page);
      const p = await panel(t.page);
      assert.equal(p.open, true);
      assert.equal(p.role, 'alertdialog');
      assert.equal(p.lang, lang);
      assert.equal(p.dir, MESSAGES[lang].dir);
      assert.equal(p.dir, lang === 'ar' ? 'rtl' : 'ltr');
      // Same button label as the list's own panel in that language; not English.
      assert.equal(p.primary, MESSAGES[lang].primary);
      assert.notEqual(p.title, 'Search is unavailable');
      assert.ok(!/[A-Za-z]/.test(lang === 'ar' ? p.title : ''), 'an Arabic title has no Latin letters');
      for (const needle of [query, 'blocked', 'demo']) assert.ok(!p.html.includes(needle), 'no query in the notice');
      const direction = await t.page.evaluate(() => {
        const root = document.querySelector('turnback-notice').shadowRoot;
        return getComputedStyle(root.querySelector('h2')).direction;
      });
      assert.equal(direction, p.dir);
      assert.ok(!t.requests.some((u) => u.includes('results.html')));
      await t.page.keyboard.press('Escape');
      assert.equal((await panel(t.page)).open, false);
      await t.context.close();
    });
  }

  test('a list already expired when the page loads is not taken: failMode decides (the extension\'s rule)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnback-expired-'));
    try {
      const expired = buildList(dir, 'expired', { sequence: 9, expires: '1s' });
      await new Promise((ok) => setTimeout(ok, 1100)); // past its one second
      const t = await env.open('/index.html?fail=closed', {
        route: (page) => page.route('**/demo/demo.tbl', (r) => r.fulfill({ status: 200, body: expired })),
      });
      await submit(t.page, 'weather tomorrow');
      await settle(t.page);
      assert.equal((await panel(t.page)).title, 'Search is unavailable');
      assert.equal(t.warnings.length, 1);
      assert.match(t.warnings[0], /list expired at .*blocked until a retry succeeds/);
      await t.context.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('retries with backoff, warns only once, and guards as soon as a retry succeeds', async () => {
    const tamper = tamperList(2);
    const t = await env.open('/index.html?retry=150', { route: tamper.route });
    assert.equal(await t.page.evaluate(() => window.turnback.ready), false);
    await t.page.waitForFunction(() => window.turnback.ready, null, { timeout: scaled(5_000) });
    assert.equal(tamper.served, 3, 'first attempt + two retries');
    const info = await t.page.evaluate(() => window.turnback.info);
    assert.equal(info.id, 'demo');
    assert.equal(t.warnings.length, 1, `warnings: ${JSON.stringify(t.warnings)}`);
    await submit(t.page, 'zorblax');
    await settle(t.page);
    assert.equal((await panel(t.page)).open, true);
    assert.ok(!t.requests.some((u) => u.includes('results.html')));
    await t.context.close();
  });
});
