// Searches on the engines' URL shapes (the crate's site table) whose text
// matches end on the warning page as kind=search, also a search made by
// history.pushState in a single-page app; benign searches stay.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { closePage, go, settle, useExtension, waitForWarning } from './harness.mjs';

/** Engine URL shapes with synthetic demo terms (keyword, phrase, combination, CJK). */
const SEARCHES = [
  'https://www.google.com/search?q=zorblax',
  'https://www.bing.com/search?q=blocked+demo+term&form=QBLH',
  'https://duckduckgo.com/?q=quibbleflux+video&ia=images',
  'https://yandex.ru/search/?text=ZORBLAX&lr=213',
  'https://www.ecosia.org/search?method=index&q=grindle+and+flumox',
  'https://www.startpage.com/do/search?query=z0rbl%40x',
  'https://www.baidu.com/s?wd=%E6%B5%8B%E8%AF%95%E8%AF%8D',
  'https://search.yahoo.com/search?p=Blocked+Demo+Term',
];

describe('searches (Chromium)', () => {
  const env = useExtension();

  for (const url of SEARCHES) {
    test(`caught: ${new URL(url).hostname}${new URL(url).pathname}`, async () => {
      const page = await env.ext.context.newPage();
      await go(page, url);
      const params = await waitForWarning(page, env.ext.warningPrefix);
      assert.equal(params.get('kind'), 'search');
      await closePage(page);
    });
  }

  test('a search made with history.pushState is caught', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(
      env.server.page(`<button id="go" onclick="history.pushState({}, '', '/search?q=zorblax&spa=1')">search</button>`, 'https://www.bing.com'),
    );
    await page.click('#go');
    const params = await waitForWarning(page, env.ext.warningPrefix);
    assert.equal(params.get('kind'), 'search');
    await closePage(page);
  });

  test('benign searches, also by pushState, stay', async () => {
    const page = await env.ext.context.newPage();
    await page.goto('https://www.google.com/search?q=garden+tools');
    await page.waitForSelector('#trap'); // the server's default page loaded
    const spa = env.server.page(
      `<button id="go" onclick="history.pushState({}, '', '/search?q=weather+tomorrow')">search</button>`,
      'https://duckduckgo.com',
    );
    await page.goto(spa);
    await page.click('#go');
    await settle(800);
    assert.equal(page.url(), 'https://duckduckgo.com/search?q=weather+tomorrow');
    assert.equal(env.server.beaconsFrom('www.google.com/search?q=garden').length, 2, 'the benign results page ran');
    await closePage(page);
  });
});
