// Sub-frames: a listed URL in an iframe, at load or navigated to later, is
// replaced by the warning page in that frame, which shows the list's texts
// and help links; the embedding page stays. A framed warning lifts only the
// hold made for its own frame; a copy of the warning page that a site frames
// itself gets no list texts and lifts no hold. Framing is no oracle: the
// hold after a framed match never blocks the framing page's own requests,
// and a cross-site frame whose only hit is search text of an unknown site
// (`?q=` on any URL) is left alone.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { closePage, REPO, until, useExtension } from './harness.mjs';

const MESSAGES = JSON.parse(readFileSync(join(REPO, 'data/meta/messages.json'), 'utf8'));
/** dnr.js lifts a hold by itself after this long; a hold seen later than that proves nothing. */
const HOLD_MS = 10_000;

let n = 0;
const listed = () => `http://www.turnback.test/blocked/frame-${Date.now()}-${++n}.html`;

describe('sub-frames (Chromium)', () => {
  const env = useExtension();

  /** The frame showing the warning page, once there is one. */
  const warningFrame = (page) =>
    until(() => page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(env.ext.warningPrefix)), 'a framed warning');

  /** What a framed warning page shows, once it has settled on something (texts or the notice). */
  const settled = (frame) =>
    until(
      () =>
        frame
          .evaluate(() => {
            // The worker's word (list texts or untrusted); without a
            // data-source (an older page), whatever help it shows.
            const source = document.documentElement.dataset.source;
            const helpShown = document.getElementById('help')?.hidden === false;
            if (!(source === 'list' || source === 'untrusted' || (!source && helpShown))) return null;
            return {
              source,
              h1: document.querySelector('h1')?.textContent ?? '',
              text: document.body.innerText,
              links: [...document.querySelectorAll('#resources a')].map((a) => a.href),
            };
          })
          .catch(() => null),
      'the framed page to show something',
    );

  /** The framed warning shows the list's page text and help links. */
  const assertFullWarning = async (frame) => {
    const shown = await settled(frame);
    assert.equal(shown.source, 'list', "the list's texts, from the worker");
    assert.equal(shown.h1, MESSAGES.en.title_page);
    assert.ok(shown.text.includes(MESSAGES.en.body), 'the body text');
    assert.ok(shown.links.length > 0, 'help links');
    for (const href of shown.links) assert.match(href, /^(https:|tel:)/);
  };

  /** The hold rules (per-tab blocks) in force, by id, with the host they hold. */
  const holds = () =>
    env.ext.worker.evaluate(async () =>
      Object.fromEntries(
        (await chrome.declarativeNetRequest.getSessionRules())
          .filter((r) => r.action.type === 'block' && r.condition.tabIds)
          .map((r) => [r.id, r.condition.initiatorDomains?.[0] ?? '']),
      ),
    );

  /** Ids of the holds on `host`'s frames. */
  const holdsOn = async (host) =>
    Object.entries(await holds())
      .filter(([, h]) => h === host)
      .map(([id]) => Number(id));

  /**
   * A listed frame that never loads (the server holds its answer), so its
   * hold stays until the deadline: returns the page and that hold's id.
   */
  const hungListedFrame = async () => {
    env.server.trapDelayMs = 120_000;
    const page = await env.ext.context.newPage();
    const host = env.server.page(
      `<h1 id="host">embedding page</h1><iframe src="http://www.turnback.test/blocked/hung-${Date.now()}-${++n}.html"></iframe>`,
      'news.turnback.test',
    );
    await page.goto(host, { waitUntil: 'domcontentloaded' });
    const [id] = await until(() => holdsOn('www.turnback.test').then((ids) => ids.length && ids), 'the hung frame\'s hold');
    return { page, id, since: Date.now() };
  };

  test('an iframe with a listed src shows the warning; the page around it stays', async () => {
    const url = listed();
    const page = await env.ext.context.newPage();
    const host = env.server.page(`<h1 id="host">embedding page</h1><iframe src="${url}"></iframe>`, 'news.turnback.test');
    await page.goto(host).catch(() => {});
    await assertFullWarning(await warningFrame(page));
    assert.equal(page.url(), host);
    assert.ok(await page.isVisible('#host'));
    await closePage(page);
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
    await assertFullWarning(await warningFrame(page));
    assert.equal(page.url(), host);
    await closePage(page);
  });

  test('a framed warning lifts only the hold made for its own frame', async () => {
    const { page, id, since } = await hungListedFrame();
    try {
      // A second listed frame in the same tab, served at once: the worker
      // holds its host and sends it to the warning page, which lifts that hold.
      const served = env.server.page('<p>listed frame</p>', 'blocked.turnback.test');
      await page.evaluate((src) => {
        const f = document.createElement('iframe');
        f.src = src;
        document.body.append(f);
      }, served);
      await assertFullWarning(await warningFrame(page));
      await until(async () => (await holdsOn('blocked.turnback.test')).length === 0, "the served frame's hold to lift");
      const left = await holdsOn('www.turnback.test');
      if (!left.includes(id)) assert.ok(Date.now() - since < HOLD_MS, 'inconclusive: slower than the hold deadline');
      assert.ok(left.includes(id), "the other frame's hold is still in force");
    } finally {
      env.server.trapDelayMs = 0;
      await closePage(page);
    }
  });

  test('a copy of the warning page framed by a site gets no list texts and lifts no hold', async () => {
    // The address the worker opens the warning page by: on Chromium the
    // dynamic id (use_dynamic_url), which a site would have to know; by the
    // fixed id no site can frame it at all (detect.test.mjs).
    const real = await env.ext.worker.evaluate(() => chrome.runtime.getURL('pages/warning.html'));
    const bare = `${real}?kind=page`;
    const copies = [bare, `${bare}&t=${randomBytes(16).toString('hex')}`];
    // A framed copy commits under the fixed id: found by its query.
    const queryOf = (url) => url.slice(url.indexOf('?'));
    const { page, id, since } = await hungListedFrame();
    try {
      await page.evaluate((srcs) => {
        for (const src of srcs) {
          const f = document.createElement('iframe');
          f.src = src;
          document.body.append(f);
        }
      }, copies);
      for (const src of copies) {
        const frame = await until(
          () => page.frames().find((f) => f.url().startsWith(env.ext.warningPrefix) && queryOf(f.url()) === queryOf(src)),
          `the copy ${src}`,
        );
        const shown = await settled(frame);
        assert.equal(shown.source, 'untrusted', `${src}: told apart from a page the worker opened`);
        assert.deepEqual(shown.links, [], `${src}: no help links`);
        assert.notEqual(shown.h1, MESSAGES.en.title_page, `${src}: no list title`);
        assert.ok(!shown.text.includes(MESSAGES.en.body), `${src}: no list body`);
      }
      const left = await holdsOn('www.turnback.test');
      if (!left.includes(id)) assert.ok(Date.now() - since < HOLD_MS, 'inconclusive: slower than the hold deadline');
      assert.ok(left.includes(id), 'the hold in this tab is still in force');
    } finally {
      env.server.trapDelayMs = 0;
      await closePage(page);
    }
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
    await closePage(page);
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
    await closePage(page);
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
    await closePage(page);
  });

  test('a cross-site frame searching a known search site for a listed term is still replaced', async () => {
    const page = await env.ext.context.newPage();
    const searched = `https://www.bing.com/search?q=zorblax&n=${Date.now()}-${++n}`;
    await page.goto(env.server.page(`<h1 id="host">embedding page</h1><iframe src="${searched}"></iframe>`, 'probe.turnback.test'));
    await warningFrame(page);
    await closePage(page);
  });
});
