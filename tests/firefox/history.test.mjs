// Firefox: nothing Turnback stopped stays in the browser's history. Firefox
// records the URL a tab asked for even when blocking webRequest redirected
// it to the warning page (as a plain link visit, query included), and a URL
// a page pushed with history.pushState; it does not record moz-extension:
// pages. After first and repeat visits to a listed page and a listed
// search and a pushed listed search, the profile's places.sqlite holds no
// row with them. Read through Places' own read-only connection to that file
// (Marionette's chrome context), which sees every committed write.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { By } from 'selenium-webdriver';
import { launchFirefox, until, waitForWarning } from './harness.mjs';

/** A word of letters only, so it stays one search term and one URL part. */
const marker = () => `trace${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 8)}`;

describe('browser history keeps nothing Turnback stopped (Firefox)', () => {
  let ff;
  before(async () => {
    ff = await launchFirefox({ systemAccess: true });
  });
  after(async () => {
    await ff?.close();
  });

  /** Every URL in places.sqlite that has a visit. */
  async function visitedUrls() {
    const { driver } = ff;
    await driver.setContext('chrome');
    try {
      return await driver.executeAsyncScript(`
        const done = arguments[arguments.length - 1];
        const { PlacesUtils } = ChromeUtils.importESModule('resource://gre/modules/PlacesUtils.sys.mjs');
        PlacesUtils.promiseDBConnection()
          .then((db) => db.execute('SELECT DISTINCT p.url FROM moz_places p JOIN moz_historyvisits v ON v.place_id = p.id'))
          .then((rows) => done(rows.map((r) => r.getResultByName('url'))), (err) => done({ error: String(err) }));
      `);
    } finally {
      await driver.setContext('content');
    }
  }

  test('first and repeat visits to a page and a search, a pushed search: none in places.sqlite, the benign pages are', async () => {
    const { driver, server } = ff;
    const words = [marker(), marker(), marker()];
    const [pageWord, searchWord, pushWord] = words;
    for (const target of [
      `http://blocked.turnback.test/history/${pageWord}.html?ref=${pageWord}`,
      `https://www.google.com/search?q=zorblax+${searchWord}`,
    ]) {
      for (const visit of ['first', 'repeat']) {
        await driver.get(server.page(`<p>before the ${visit} visit</p>`));
        await driver.get(target).catch(() => {}); // the redirect may abort the wait
        await waitForWarning(driver);
      }
    }
    const start = server.page(
      `<button id="go" onclick="history.pushState({}, '', '/search?q=zorblax+${pushWord}')">go</button>`,
      'www.turnback.test',
    );
    await driver.get(start);
    await driver.findElement(By.id('go')).click();
    await waitForWarning(driver);

    // Places writes asynchronously: first the benign start page's visit (so
    // the database is the one the tab writes to), then no stopped one left.
    await until(async () => (await visitedUrls()).includes(start), 'the benign visit in places.sqlite');
    const stopped = async () => (await visitedUrls()).filter((url) => words.some((w) => url.includes(w)));
    await until(async () => (await stopped()).length === 0, 'no stopped URL in places.sqlite').catch(() => {});
    assert.deepEqual(await stopped(), [], 'places.sqlite keeps no visit of a listed URL or search');
  });
});
