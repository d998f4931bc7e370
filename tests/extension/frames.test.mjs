// Sub-frames: a listed URL in an iframe, at load or navigated to later, is
// replaced by the warning page in that frame; the embedding page stays.
// Framing is no oracle: the hold after a framed match never blocks the
// framing page's own requests, and a cross-site frame whose only hit is
// search text of an unknown site (`?q=` on any URL) is left alone.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { until, useExtension } from './harness.mjs';

let n = 0;
const listed = () => `http://www.turnback.test/blocked/frame-${Date.now()}-${++n}.html`;

describe('sub-frames (Chromium)', () => {
  const env = useExtension();

  /** The frame showing the warning page, once there is one. */
  const warningFrame = (page) =>
    until(() => page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(env.ext.warningPrefix)), 'a framed warning');

  test('an iframe with a listed src shows the warning; the page around it stays', async () => {
    const url = listed();
    const page = await env.ext.context.newPage();
    const host = env.server.page(`<h1 id="host">embedding page</h1><iframe src="${url}"></iframe>`, 'news.turnback.test');
    await page.goto(host).catch(() => {});
    await warningFrame(page);
    assert.equal(page.url(), host);
    assert.ok(await page.isVisible('#host'));
    await page.close();
  });

  test('an iframe navigated to a listed URL later shows the warning', async () => {
    const url = listed();
    const page = await env.ext.context.newPage();
    const host = env.server.page(
      `<h1 id="host">embedding page</h1><iframe id="f" src="about:blank"></iframe>
       <button id="go" onclick="document.getElementById('f').src='${url}'">go</button>`,
      'news.turnback.test',
    );
    await page.goto(host);
    await page.click('#go');
    await warningFrame(page);
    assert.equal(page.url(), host);
    await page.close();
  });

  const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

  /** In the page: a fetch and an <img> from its own host; which of them loaded. */
  const ownRequestsLoad = (page, host) => {
    const img = env.server.file(GIF, 'image/gif', host);
    return page.evaluate(
      async ({ img, n }) => ({
        fetched: await fetch(`/beacon?own=${n}`).then((r) => r.ok, () => false),
        img: await new Promise((done) => {
          const el = new Image();
          el.onload = () => done(true);
          el.onerror = () => done(false);
          el.src = img;
        }),
      }),
      { img, n: ++n },
    );
  };

  /** Resolves once the worker has a redirect rule for exactly `url` (sent with the hold). */
  const ruled = (url) =>
    until(
      () =>
        env.ext.worker.evaluate(
          async (filter) => (await chrome.declarativeNetRequest.getSessionRules()).some((r) => r.condition.urlFilter === filter),
          `|${url}|`,
        ),
      'the rules for the framed match',
    );

  test("a page framing its own search for a listed term: the frame is warned, the page's own requests load", async () => {
    const page = await env.ext.context.newPage();
    const host = 'own.turnback.test';
    const framed = `http://${host}/search?q=zorblax&n=${Date.now()}-${++n}`;
    await page.goto(env.server.page(`<h1 id="host">a site</h1><iframe src="${framed}"></iframe>`, host));
    await warningFrame(page); // its own site: still checked and replaced
    assert.ok(page.url().startsWith(`http://${host}/`));
    assert.deepEqual(await ownRequestsLoad(page, host), { fetched: true, img: true });
    await page.close();
  });

  test("a framed match that never shows a warning (204) does not hold the framing page's requests", async () => {
    // No document commits in the frame, so no warning page ever lifts a
    // hold: before, every request of the page's host failed for 10 s.
    const page = await env.ext.context.newPage();
    const host = 'own2.turnback.test';
    const framed = `http://${host}/beacon?q=zorblax&n=${Date.now()}-${++n}`;
    await page.goto(env.server.page(`<h1 id="host">a site</h1><iframe src="${framed}"></iframe>`, host));
    await ruled(framed);
    assert.deepEqual(await ownRequestsLoad(page, host), { fetched: true, img: true });
    await page.close();
  });

  test('a cross-site frame of an unknown site with a listed term in its query is left alone', async () => {
    const page = await env.ext.context.newPage();
    const other = `http://other.turnback.example/?q=zorblax&n=${Date.now()}-${++n}`;
    const sentinel = listed();
    await page.goto(env.server.page(`<h1 id="host">a probing page</h1><iframe id="probe" src="${other}"></iframe>`, 'probe.turnback.test'));
    const probe = await until(() => page.frames().find((f) => f.url().startsWith('http://other.turnback.example/')), 'the frame');
    // Its page runs (the server's trap page phones home) ...
    await until(() => env.server.beaconsFrom('other.turnback.example/?q=zorblax').length > 0, 'the framed page to run');
    // ... and after a listed frame added later is replaced (the extension has
    // acted since), the first frame is still that page, with no rule for it.
    await page.evaluate((url) => {
      const f = document.createElement('iframe');
      f.src = url;
      document.body.append(f);
    }, sentinel);
    await warningFrame(page);
    assert.equal(probe.url(), other);
    assert.ok(await probe.isVisible('#trap'), 'the framed page was replaced');
    assert.equal(page.frames().filter((f) => f.url().startsWith(env.ext.warningPrefix)).length, 1);
    const rules = await env.ext.worker.evaluate(() => chrome.declarativeNetRequest.getSessionRules());
    assert.ok(!rules.some((r) => r.condition.urlFilter?.includes('other.turnback.example')), 'a rule names the frame URL');
    await page.close();
  });

  test('a cross-site frame searching a known search site for a listed term is still replaced', async () => {
    const page = await env.ext.context.newPage();
    const searched = `https://www.bing.com/search?q=zorblax&n=${Date.now()}-${++n}`;
    await page.goto(env.server.page(`<h1 id="host">embedding page</h1><iframe src="${searched}"></iframe>`, 'probe.turnback.test'));
    await warningFrame(page);
    await page.close();
  });
});
