// Searches on the engines' URL shapes (the crate's site table) whose text
// matches end on the warning page as kind=search, also a search made by
// history.pushState in a single-page app; benign searches stay.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { go, launchExtension, startServer, waitForWarning } from './harness.mjs';

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
  let server;
  let ext;
  before(async () => {
    server = await startServer();
    ext = await launchExtension(server);
  });
  after(async () => {
    await ext?.close();
    await server?.close();
  });

  for (const url of SEARCHES) {
    test(`caught: ${new URL(url).hostname}${new URL(url).pathname}`, async () => {
      const page = await ext.context.newPage();
      await go(page, url);
      const params = await waitForWarning(page, ext.warningPrefix);
      assert.equal(params.get('kind'), 'search');
      await page.close();
    });
  }

  test('a search made with history.pushState is caught', async () => {
    const page = await ext.context.newPage();
    await page.goto(
      server.page(`<button id="go" onclick="history.pushState({}, '', '/search?q=zorblax&spa=1')">search</button>`, 'https://www.bing.com'),
    );
    await page.click('#go');
    const params = await waitForWarning(page, ext.warningPrefix);
    assert.equal(params.get('kind'), 'search');
    await page.close();
  });

  test('benign searches, also by pushState, stay', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://www.google.com/search?q=garden+tools');
    await page.waitForSelector('#trap'); // the server's default page loaded
    const spa = server.page(
      `<button id="go" onclick="history.pushState({}, '', '/search?q=weather+tomorrow')">search</button>`,
      'https://duckduckgo.com',
    );
    await page.goto(spa);
    await page.click('#go');
    await new Promise((ok) => setTimeout(ok, 800));
    assert.equal(page.url(), 'https://duckduckgo.com/search?q=weather+tomorrow');
    assert.equal(server.beaconsFrom('www.google.com/search?q=garden').length, 2, 'the benign results page ran');
    await page.close();
  });
});
