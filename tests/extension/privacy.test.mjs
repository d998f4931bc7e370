// Privacy: every request the browser makes during a run of typical use
// (listed pages, searches, benign pages, warning pages, a worker restart) is
// recorded three ways — the loopback server (every host maps to it), the
// context's request events, the extension worker's own requests — and:
//  - the extension makes no network request at all (only its own files);
//  - no request carries a visited URL or search text anywhere but in the
//    request to that very host (the navigation the user made).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { go, launchExtension, settle, startServer, stopServiceWorker, until, waitForWarning } from './harness.mjs';

process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1'; // worker requests as context events

/** Unique tokens, so any place a visit's URL or search text turns up can be found. */
const token = (i) => `pv${Date.now().toString(36)}x${i}`;

describe('privacy (Chromium)', () => {
  let server;
  let ext;
  const events = [];
  const visits = [];
  before(async () => {
    server = await startServer();
    ext = await launchExtension(server);
    ext.context.on('request', (r) => {
      let frameUrl = '';
      try {
        frameUrl = r.frame().url();
      } catch {
        // worker requests have no frame
      }
      events.push({ url: r.url(), fromWorker: Boolean(r.serviceWorker()), nav: r.isNavigationRequest(), frameUrl, headers: r.headers() });
    });
    const page = await ext.context.newPage();
    const t = [0, 1, 2, 3, 4, 5, 6].map(token);
    const listed = [
      `http://blocked.turnback.test/${t[0]}/page.html?session=${t[1]}`,
      `https://www.turnback.test/blocked/${t[2]}/`,
      `https://www.google.com/search?q=zorblax+${t[3]}`,
      `https://duckduckgo.com/?q=blocked+demo+term+${t[4]}&ia=images`,
    ];
    const benign = [`https://www.bing.com/search?q=garden+${t[5]}`, `http://news.turnback.test/${t[6]}/story.html`];
    for (const url of listed) {
      await go(page, url);
      await waitForWarning(page, ext.warningPrefix);
      await page.waitForFunction(() => document.getElementById('help')?.hidden === false);
    }
    for (const url of benign) {
      await page.goto(url);
      await page.waitForSelector('#trap');
    }
    await stopServiceWorker(ext.context, page);
    await go(page, `${listed[0]}&again=1`);
    await waitForWarning(page, ext.warningPrefix);
    await page.waitForFunction(() => document.getElementById('help')?.hidden === false);
    await settle(1000); // room for any late request
    for (const url of [...listed, ...benign]) visits.push({ url, host: new URL(url).hostname, tokens: [] });
    visits[0].tokens.push(t[0], t[1]);
    visits[1].tokens.push(t[2]);
    visits[2].tokens.push(t[3]);
    visits[3].tokens.push(t[4]);
    visits[4].tokens.push(t[5]);
    visits[5].tokens.push(t[6]);
    await until(() => server.requests.length > 0, 'recorded requests');
  });
  after(async () => {
    await ext?.close();
    await server?.close();
  });

  test('the extension worker requests only its own packaged files', () => {
    const fromWorker = events.filter((e) => e.fromWorker);
    assert.ok(fromWorker.some((e) => e.url.endsWith('/lists/demo.tbl')), 'worker requests are observed');
    const outside = fromWorker.filter((e) => !e.url.startsWith(`chrome-extension://${ext.extensionId}/`));
    assert.deepEqual(outside.map((e) => e.url), []);
  });

  test('extension pages request nothing outside the extension', () => {
    // Navigations away from a warning page (the next typed URL) are the user's, not the page's.
    const fromPages = events.filter(
      (e) => !e.nav && e.frameUrl.startsWith('chrome-extension://') && !e.url.startsWith('chrome-extension://'),
    );
    assert.deepEqual(fromPages.map((e) => e.url), []);
  });

  test('no request reaching the network comes from the extension', () => {
    const fromExtension = server.requests.filter((r) =>
      [r.headers.origin, r.headers.referer].some((v) => String(v ?? '').startsWith('chrome-extension://')),
    );
    assert.deepEqual(fromExtension.map((r) => r.url), []);
  });

  test('no request carries a visited URL or search text to anyone but that host', () => {
    assert.ok(server.requests.length > 0);
    const leaks = [];
    for (const r of server.requests) {
      const text = `${r.url}\n${JSON.stringify(r.headers)}`;
      for (const v of visits) {
        if (v.tokens.some((t) => text.includes(t)) && r.host !== v.host) leaks.push(`${r.host} got a token of ${v.host}`);
      }
    }
    for (const e of events.filter((x) => !x.url.startsWith('chrome-extension://'))) {
      const host = new URL(e.url).hostname;
      const text = `${e.url}\n${JSON.stringify(e.headers)}`;
      for (const v of visits) {
        if (v.tokens.some((t) => text.includes(t)) && host !== v.host) leaks.push(`${host} got a token of ${v.host}`);
      }
    }
    assert.deepEqual(leaks, []);
  });
});
