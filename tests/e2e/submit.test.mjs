// Blocking and letting through: every submission path, and that the query
// never reaches the panel, the DOM or any request.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { panel, settle, useBrowser } from './harness.mjs';

const env = useBrowser();

/** Everything the test can see of the query after a blocked submission. */
async function assertBlocked({ page, requests, context }, query, startUrl) {
  await settle(page);
  const p = await panel(page);
  assert.equal(p.open, true, 'panel is shown');
  assert.equal(page.url(), startUrl, 'no navigation');
  assert.ok(!requests.some((u) => u.includes('results.html')), 'results page never requested');
  const needles = [query, query.toLowerCase(), encodeURIComponent(query), query.replace(/ /g, '+')];
  for (const n of needles) {
    assert.ok(!p.html.includes(n), 'query not in the panel DOM');
    assert.ok(!requests.some((u) => u.includes(n) || decodeURIComponent(u).includes(n)), 'query in no request URL');
  }
  // The demo page's own hint text names the demo words: count, don't search.
  const count = (html) => html.split(query).length - 1;
  const pageHtml = await page.evaluate(() => document.documentElement.outerHTML);
  const original = await page.evaluate(() => fetch(location.href).then((r) => r.text()));
  assert.equal(count(pageHtml), count(original), 'query not echoed in the page');
  assert.equal(await page.inputValue('#q'), '', 'search box cleared');
  await context.close();
}

describe('blocked searches', () => {
  test('Enter on the demo keyword shows the panel and stops navigation', async () => {
    const t = await env.open();
    await t.page.evaluate(() => {
      window.events = [];
      document.querySelector('form').addEventListener('turnback:match', (e) => window.events.push(e.detail));
    });
    await t.page.fill('#q', 'blocked demo term');
    await t.page.press('#q', 'Enter');
    const events = await t.page.evaluate(() => window.events);
    assert.equal(events.length, 1);
    assert.deepEqual(Object.keys(events[0]).sort(), ['category', 'entry', 'kind', 'list']);
    assert.equal(events[0].list, 'demo', 'the list that matched, by its id');
    assert.equal(events[0].kind, 'keyword');
    await assertBlocked(t, 'blocked demo term', `${env.server.origin}/index.html`);
  });

  test('clicking the submit button with an obfuscated keyword', async () => {
    const t = await env.open();
    await t.page.fill('#q', 'BL0CKED d.e.m.o term');
    await t.page.click('button[type="submit"]');
    await assertBlocked(t, 'BL0CKED d.e.m.o term', `${env.server.origin}/index.html`);
  });

  test('form.requestSubmit() with a fullwidth keyword', async () => {
    const t = await env.open();
    await t.page.fill('#q', 'ｚｏｒｂｌａｘ');
    await t.page.evaluate(() => document.querySelector('form').requestSubmit());
    await assertBlocked(t, 'ｚｏｒｂｌａｘ', `${env.server.origin}/index.html`);
  });

  test('a combination rule and a listed address typed into the box', async () => {
    for (const query of ['grindle and flumox', 'blocked.turnback.test/page']) {
      const t = await env.open();
      await t.page.fill('#q', query);
      await t.page.press('#q', 'Enter');
      await assertBlocked(t, query, `${env.server.origin}/index.html`);
    }
  });

  test("the provider's own submit handlers never run for a blocked search", async () => {
    const t = await env.open();
    await t.page.evaluate(() => {
      window.providerCalls = 0;
      const form = document.querySelector('form');
      form.addEventListener('submit', () => window.providerCalls++, true);
      form.addEventListener('submit', () => window.providerCalls++);
      document.addEventListener('submit', () => window.providerCalls++);
    });
    await t.page.fill('#q', 'quibbleflux video');
    await t.page.press('#q', 'Enter');
    assert.equal(await t.page.evaluate(() => window.providerCalls), 0);
    await assertBlocked(t, 'quibbleflux video', `${env.server.origin}/index.html`);
  });

  test('instance.guard() blocks and shows the panel; allows other text silently', async () => {
    const t = await env.open();
    assert.equal(await t.page.evaluate(() => window.turnback.guard('a harmless query')), true);
    assert.equal((await panel(t.page)).open, false);
    assert.equal(await t.page.evaluate(() => window.turnback.guard('zorblax')), false);
    const p = await panel(t.page);
    assert.equal(p.open, true);
    assert.ok(!p.html.toLowerCase().includes('zorblax'));
    const v = await t.page.evaluate(() => window.turnback.check('z0rbl@x'));
    assert.equal(v.matched, true);
    assert.equal(v.kind, 'keyword');
    await t.context.close();
  });

  test('attach() on a lone input: Enter is stopped before the provider sees it', async () => {
    const t = await env.open();
    await t.page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'search';
      input.id = 'lone';
      input.setAttribute('aria-label', 'Lone search');
      document.body.append(input);
      window.providerKeys = 0;
      input.addEventListener('keydown', (e) => e.key === 'Enter' && window.providerKeys++);
      window.turnback.attach(input);
    });
    await t.page.fill('#lone', 'harmless words');
    await t.page.press('#lone', 'Enter');
    assert.equal(await t.page.evaluate(() => window.providerKeys), 1);
    assert.equal((await panel(t.page)).open, false);
    await t.page.fill('#lone', 'flumox with grindle');
    await t.page.press('#lone', 'Enter');
    assert.equal(await t.page.evaluate(() => window.providerKeys), 1);
    assert.equal((await panel(t.page)).open, true);
    assert.equal(await t.page.inputValue('#lone'), '');
    await t.context.close();
  });
});

describe('searches that go ahead', () => {
  for (const [how, query] of [
    ['Enter', 'weather tomorrow'],
    ['click', 'blocked demolition'],
    ['requestSubmit', 'zorblaxes'],
  ]) {
    test(`${how}: "${query}" navigates to the results page untouched`, async () => {
      const t = await env.open();
      await t.page.fill('#q', query);
      const nav = t.page.waitForURL(/results\.html/);
      if (how === 'Enter') await t.page.press('#q', 'Enter');
      else if (how === 'click') await t.page.click('button[type="submit"]');
      else await t.page.evaluate(() => document.querySelector('form').requestSubmit());
      await nav;
      const url = new URL(t.page.url());
      assert.equal(url.pathname, '/results.html');
      assert.equal(url.searchParams.get('q'), query);
      await t.context.close();
    });
  }
});
