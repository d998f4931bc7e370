// Periodic refresh of a list that loaded: a newer list is swapped in without
// a reload; tampered, older and foreign-key lists are refused while the list
// in use keeps working; the timer, the page becoming visible again, and HTTP
// revalidation. Time is moved with Playwright's fake clock, never waited for.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STANDIN, WWW, buildList, openPage, otherKey, panel, settle, useBrowser } from './harness.mjs';

const env = useBrowser();
// A made-up word that only the newer list has.
const NEW_WORD = 'snorkelwump';
const lists = {};
let dir;

before(() => {
  if (STANDIN) return; // no CLI needed: the tests that use these lists skip
  dir = mkdtempSync(join(tmpdir(), 'turnback-refresh-'));
  lists.old = readFileSync(join(WWW, 'demo/demo.tbl')); // sequence 1, as served
  lists.newer = buildList(dir, 'newer', { sequence: 2, extraKeywords: [NEW_WORD] });
  lists.tampered = Buffer.from(lists.newer);
  lists.tampered[lists.tampered.length >> 1] ^= 0x01;
  lists.shortLived = buildList(dir, 'short-lived', { sequence: 2, extraKeywords: [NEW_WORD], expires: '1h' });
  lists.foreign = buildList(dir, 'foreign', { sequence: 3, extraKeywords: [NEW_WORD], key: otherKey(dir) });
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

/** Routes the list URL: the served list until `serve(bytes)` swaps what it answers. */
function listRoute() {
  const state = { served: 0, body: null };
  state.serve = (body) => {
    state.body = body;
  };
  state.route = (page) =>
    page.route('**/demo/demo.tbl', (route) => {
      state.served++;
      if (!state.body) return route.continue();
      return route.fulfill({ status: 200, contentType: 'application/octet-stream', body: state.body });
    });
  return state;
}

/**
 * A page on `path` whose list requests go through a `listRoute()` (serving
 * `list` from the start when given); `clock` installs Playwright's fake clock first.
 */
async function open(path = '/index.html', { clock = false, list = null } = {}) {
  const routed = listRoute();
  routed.serve(list);
  const t = await env.open(path, {
    route: async (page) => {
      if (clock) await page.clock.install();
      await routed.route(page);
    },
  });
  await t.page.evaluate(() => {
    window.listUpdates = [];
    window.turnback.addEventListener('turnback:listupdate', (e) => window.listUpdates.push(e.detail.sequence));
  });
  return { ...t, lists: routed };
}

const sequence = (page) => page.evaluate(() => window.turnback.info.sequence);
const matches = (page, text) => page.evaluate((s) => window.turnback.check(s).matched, text);
const refresh = (page) => page.evaluate(() => window.turnback.refresh());

/** The demo list's entries still match (keyword, obfuscated keyword, rule, address). */
async function assertDemoEntriesMatch(page) {
  for (const text of ['blocked demo term', 'ｚｏｒｂｌａｘ', 'flumox and grindle', 'blocked.turnback.test/page']) {
    assert.equal(await matches(page, text), true, `still matches: ${text}`);
  }
  assert.equal(await matches(page, 'weather tomorrow'), false);
}

/** Skips a test on the stand-in engine, which knows only the demo list. */
function realEngine(t) {
  if (STANDIN) t.skip('needs the real engine (the stand-in knows only the demo list)');
  return !STANDIN;
}

describe('list refresh', () => {
  test('refresh() takes a newer list: its new keyword is caught without a reload', async (ctx) => {
    if (!realEngine(ctx)) return;
    const t = await open();
    await t.page.evaluate(() => (window.notReloaded = true));
    assert.equal(await sequence(t.page), 1);
    assert.equal(await matches(t.page, NEW_WORD), false);
    t.lists.serve(lists.newer);
    const r = await t.page.evaluate(async (word) => {
      const pending = window.turnback.refresh();
      // Until the new list is verified, checks run on the old one.
      const during = window.turnback.check(word).matched;
      return { during, outcome: await pending, after: window.turnback.check(word).matched };
    }, NEW_WORD);
    assert.deepEqual(r, { during: false, outcome: 'updated', after: true });
    assert.equal(await sequence(t.page), 2);
    assert.deepEqual(await t.page.evaluate(() => window.listUpdates), [2]);
    await assertDemoEntriesMatch(t.page);
    // The attached form uses the new list too.
    await t.page.fill('#q', `${NEW_WORD} pictures`);
    await t.page.press('#q', 'Enter');
    await settle(t.page);
    const p = await panel(t.page);
    assert.equal(p.open, true);
    assert.ok(!p.html.includes(NEW_WORD), 'no query in the panel');
    assert.ok(!t.requests.some((u) => u.includes('results.html')));
    assert.equal(await t.page.evaluate(() => window.notReloaded), true, 'same page, no reload');
    // The same list again is recognized and not loaded twice.
    assert.equal(await refresh(t.page), 'unchanged');
    assert.deepEqual(await t.page.evaluate(() => window.listUpdates), [2]);
    assert.deepEqual(t.warnings, []);
    await t.context.close();
  });

  for (const [name, key, error] of [
    ['a tampered newer list', 'tampered', /signature|damaged|invalid|verif/i],
    ['a newer list signed by another key', 'foreign', /key|signature|verif/i],
  ]) {
    test(`${name} is refused; the demo list stays in use`, async (ctx) => {
      if (!realEngine(ctx)) return;
      const t = await open();
      t.lists.serve(lists[key]);
      assert.equal(await refresh(t.page), 'failed');
      assert.equal(await sequence(t.page), 1);
      assert.equal(await matches(t.page, NEW_WORD), false);
      await assertDemoEntriesMatch(t.page);
      await t.page.fill('#q', 'blocked demo term');
      await t.page.press('#q', 'Enter');
      await settle(t.page);
      assert.equal((await panel(t.page)).open, true, 'searches are still guarded');
      assert.deepEqual(await t.page.evaluate(() => window.listUpdates), []);
      assert.equal(t.warnings.length, 1, `warnings: ${JSON.stringify(t.warnings)}`);
      assert.match(t.warnings[0], /^Turnback: a list update could not be loaded or verified \(/);
      assert.match(t.warnings[0], error);
      assert.match(t.warnings[0], /current list \(sequence 1\) stays in use/);
      assert.ok(!t.warnings[0].includes('blocked demo term'));
      await t.context.close();
    });
  }

  test('an older list is refused after a newer one (no rollback)', async (ctx) => {
    if (!realEngine(ctx)) return;
    const t = await open();
    t.lists.serve(lists.newer);
    assert.equal(await refresh(t.page), 'updated');
    t.lists.serve(lists.old);
    assert.equal(await refresh(t.page), 'failed');
    assert.equal(await sequence(t.page), 2);
    assert.equal(await matches(t.page, NEW_WORD), true, 'the newer list is still the one in use');
    await assertDemoEntriesMatch(t.page);
    assert.equal(t.warnings.length, 1);
    assert.match(t.warnings[0], /older/);
    assert.match(t.warnings[0], /sequence 2\) stays in use/);
    await t.context.close();
  });

  test('warns once per run of failures, and again after a success', async (ctx) => {
    if (!realEngine(ctx)) return;
    const t = await open();
    t.lists.serve(lists.tampered);
    assert.equal(await refresh(t.page), 'failed');
    t.lists.serve(lists.foreign);
    assert.equal(await refresh(t.page), 'failed');
    assert.equal(t.warnings.length, 1, 'one warning for two failures in a row');
    t.lists.serve(lists.newer);
    assert.equal(await refresh(t.page), 'updated');
    t.lists.serve(lists.tampered);
    assert.equal(await refresh(t.page), 'failed');
    assert.equal(t.warnings.length, 2);
    assert.equal(await sequence(t.page), 2);
    await t.context.close();
  });

  test('the timer refreshes every refreshMinutes (fake clock)', async (ctx) => {
    if (!realEngine(ctx)) return;
    const t = await open('/index.html?refresh=1', { clock: true });
    t.lists.serve(lists.newer);
    await t.page.clock.fastForward('01:01');
    await t.page.waitForFunction(() => window.turnback.info.sequence === 2);
    assert.equal(t.lists.served, 2, 'the first load and one refresh');
    assert.equal(await matches(t.page, NEW_WORD), true);
    await t.context.close();
  });

  test('a list in use is kept when it expires; refreshing the same expired bytes warns (fake clock)', async (ctx) => {
    if (!realEngine(ctx)) return;
    const t = await open('/index.html?refresh=60', { clock: true, list: lists.shortLived });
    assert.equal(await sequence(t.page), 2);
    const warned = t.page.waitForEvent('console', (m) => m.type() === 'warning');
    // The period plus at most 10 % random jitter.
    await t.page.clock.fastForward('01:06:01');
    assert.match((await warned).text(), /list update could not be loaded or verified \(.*expired/);
    assert.equal(t.lists.served, 2);
    assert.equal(await sequence(t.page), 2);
    assert.equal(await matches(t.page, NEW_WORD), true, 'still guarded by the expired list');
    await assertDemoEntriesMatch(t.page);
    await t.context.close();
  });

  test('a failed refresh is retried after the backoff, not only at the next refresh (fake clock)', async (ctx) => {
    if (!realEngine(ctx)) return;
    const t = await open('/index.html?refresh=60&retry=5000', { clock: true });
    t.lists.serve(lists.tampered);
    const warned = t.page.waitForEvent('console', (m) => m.type() === 'warning');
    await t.page.clock.fastForward('01:06:01');
    assert.match((await warned).text(), /list update could not be loaded/);
    assert.equal(t.lists.served, 2);
    t.lists.serve(lists.newer);
    await t.page.clock.fastForward('00:06');
    await t.page.waitForFunction(() => window.turnback.info.sequence === 2);
    assert.equal(t.lists.served, 3, 'one retry, 5 s after the failure');
    assert.equal(t.warnings.length, 1);
    await t.context.close();
  });

  test('by default the list is fetched again after 6 hours, plus up to 10 % jitter (fake clock)', async (ctx) => {
    if (!realEngine(ctx)) return;
    const t = await open('/index.html', { clock: true });
    t.lists.serve(lists.newer);
    await t.page.clock.fastForward('05:59:59');
    await settle(t.page);
    assert.equal(t.lists.served, 1, 'not before the period');
    await t.page.clock.fastForward('00:36:02');
    await t.page.waitForFunction(() => window.turnback.info.sequence === 2);
    assert.equal(t.lists.served, 2);
    await t.context.close();
  });

  test('a hidden page does not fetch; it refreshes when shown again', async (ctx) => {
    if (!realEngine(ctx)) return;
    const t = await open('/index.html?refresh=1', { clock: true });
    await setVisibility(t.page, 'hidden');
    await t.page.clock.fastForward('02:00');
    await settle(t.page);
    assert.equal(t.lists.served, 1, 'no fetch while hidden');
    t.lists.serve(lists.newer);
    await setVisibility(t.page, 'visible');
    await t.page.waitForFunction(() => window.turnback.info.sequence === 2);
    assert.equal(t.lists.served, 2);
    await t.context.close();
  });

  test('after a sleep (the clock jumps, no timer fired) showing the page refreshes', async (ctx) => {
    if (!realEngine(ctx)) return;
    const t = await open('/index.html?refresh=1', { clock: true });
    await setVisibility(t.page, 'hidden');
    // setSystemTime moves Date.now() but fires no timer, as after a sleep.
    const now = await t.page.evaluate(() => Date.now());
    await t.page.clock.setSystemTime(now + 30 * 60_000);
    t.lists.serve(lists.newer);
    await setVisibility(t.page, 'visible');
    await t.page.waitForFunction(() => window.turnback.info.sequence === 2);
    assert.equal(t.lists.served, 2);
    await t.context.close();
  });

  test('a refresh revalidates even a list the server calls fresh for an hour', async () => {
    const proxy = await cachingProxy(env.server.origin);
    try {
      const t = await openPage(env.browser, proxy.origin);
      assert.equal(proxy.listRequests.length, 1, 'the first load');
      assert.equal(await t.page.evaluate(() => window.turnback.refresh()), 'unchanged');
      assert.equal(proxy.listRequests.length, 2, 'the refresh asked the server despite max-age');
      assert.ok(proxy.listRequests[1].ifNoneMatch, 'a conditional request');
      assert.equal(proxy.listRequests[1].status, 304, 'an unchanged list costs a 304, not its bytes');
      assert.equal(await sequence(t.page), 1);
      await t.context.close();
    } finally {
      proxy.close();
    }
  });
});

/** Makes the page report `state` as its visibility and fires visibilitychange (headless pages are always visible). */
function setVisibility(page, state) {
  return page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/**
 * Forwards requests to `origin`, but serves the list with
 * `Cache-Control: max-age=3600` (a browser may reuse it for an hour without
 * asking); records each list request's If-None-Match and answer status.
 */
async function cachingProxy(origin) {
  const listRequests = [];
  const server = createServer(async (req, res) => {
    const headers = {};
    for (const h of ['if-none-match', 'if-modified-since']) if (req.headers[h]) headers[h] = req.headers[h];
    const up = await fetch(origin + req.url, { method: req.method, headers, redirect: 'manual' });
    const out = {};
    for (const h of ['content-type', 'etag', 'last-modified', 'cache-control', 'content-security-policy']) {
      if (up.headers.has(h)) out[h] = up.headers.get(h);
    }
    if (req.url.startsWith('/demo/demo.tbl')) {
      out['cache-control'] = 'max-age=3600';
      listRequests.push({ ifNoneMatch: req.headers['if-none-match'] || null, status: up.status });
    }
    res.writeHead(up.status, out);
    res.end(Buffer.from(await up.arrayBuffer()));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${server.address().port}`, listRequests, close: () => server.close() };
}
