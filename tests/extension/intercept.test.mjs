// Every kind of main-frame navigation to a listed URL ends on the warning
// page; benign pages stay. Whether a listed page ever ran is beacon.test.mjs's.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { closePage, go, scaled, settle, until, useExtension, waitForWarning, warningShown } from './harness.mjs';

let n = 0;
/** A listed URL not used before in this run (host-suffix entry `blocked.turnback.test/`). */
const listed = (kind) => `http://blocked.turnback.test/${kind}/${Date.now()}-${++n}.html`;
const hostPath = (url) => url.replace(/^https?:\/\//, '');

describe('interception of main-frame navigations (Chromium)', () => {
  const env = useExtension();

  /** Opens a fixture page, runs `act`, expects `target` (default: the page) to end on the warning. */
  async function expectWarning(target, { html, act, popup = false, kind = 'page' }) {
    const page = await env.ext.context.newPage();
    if (html) await page.goto(env.server.page(html));
    const opened = popup ? env.ext.context.waitForEvent('page') : null;
    await act(page);
    const shown = popup ? await opened : page;
    const params = await waitForWarning(shown, env.ext.warningPrefix);
    assert.equal(params.get('kind'), kind);
    assert.ok(!shown.url().includes(hostPath(target)), 'the warning URL never carries the stopped URL');
    if (popup) await closePage(shown);
    await closePage(page);
  }

  test('typed URL (page.goto)', async () => {
    const url = listed('typed');
    await expectWarning(url, { act: (page) => go(page, url) });
  });

  test('link click', async () => {
    const url = listed('link');
    await expectWarning(url, { html: `<a id="go" href="${url}">next</a>`, act: (page) => page.click('#go') });
  });

  test('server redirect (302) from a benign URL', async () => {
    const url = listed('redirect');
    const hop = env.server.redirect(url, 'www.turnback.test');
    await expectWarning(url, { act: (page) => go(page, hop) });
    assert.equal(env.server.requestsTo(hostPath(hop)).length, 1, 'the benign hop itself was requested');
  });

  test('location change by script', async () => {
    const url = listed('location');
    await expectWarning(url, {
      html: `<button id="go" onclick="location.href='${url}'">go</button>`,
      act: (page) => page.click('#go'),
    });
  });

  test('new window via window.open', async () => {
    const url = listed('open');
    await expectWarning(url, {
      html: `<button id="go" onclick="window.open('${url}')">go</button>`,
      act: (page) => page.click('#go'),
      popup: true,
    });
  });

  test('new tab via target=_blank', async () => {
    const url = listed('blank');
    await expectWarning(url, {
      html: `<a id="go" target="_blank" href="${url}">go</a>`,
      act: (page) => page.click('#go'),
      popup: true,
    });
  });

  test('form GET submission to a search URL', async () => {
    await expectWarning('search.turnback.test/search', {
      html: `<form action="https://search.turnback.test/search"><input name="q" value="zorblax"><button id="go">Search</button></form>`,
      act: (page) => page.click('#go'),
      kind: 'search',
    });
  });

  test('back to a listed history entry, then forward again', async () => {
    const path = `/blocked/history-${Date.now()}`;
    const page = await env.ext.context.newPage();
    const start = env.server.page(`<button id="go" onclick="history.pushState({}, '', '${path}')">go</button>`, 'www.turnback.test');
    await page.goto(start);
    await page.click('#go');
    await warningShown(page, env.ext.warningPrefix);
    await page.goBack({ timeout: scaled(5000) }).catch(() => {});
    await warningShown(page, env.ext.warningPrefix);
    // Back to the benign start, then forward into the listed entries again.
    for (let i = 0; i < 5 && page.url() !== start; i++) {
      await page.goBack({ timeout: scaled(2000) }).catch(() => {});
      await until(() => !page.url().startsWith('about:'), 'a history entry').catch(() => {});
      await settle(300);
    }
    assert.equal(page.url(), start);
    await page.goForward({ timeout: scaled(5000) }).catch(() => {});
    await warningShown(page, env.ext.warningPrefix);
    await settle(300);
    assert.deepEqual(env.server.beaconsFrom(`www.turnback.test${path}`), []);
    assert.deepEqual(env.server.requestsTo(`www.turnback.test${path}`), [], 'the listed entry was never fetched');
    await closePage(page);
  });

  test('back from a listed history entry reached again by forward returns to the page before it', async () => {
    // The entry was rewritten in place to the warning page; its fixed-id URL
    // cannot be opened again from history (use_dynamic_url), so the worker
    // sends the tab on to the warning page, and a step back must then go past
    // the blocked entry, not into it again and again.
    const path = `/blocked/history-back-${Date.now()}`;
    const page = await env.ext.context.newPage();
    const start = env.server.page(`<button id="go" onclick="history.pushState({}, '', '${path}')">go</button>`, 'www.turnback.test');
    await page.goto(start);
    await page.click('#go');
    await warningShown(page, env.ext.warningPrefix);
    await page.goBack({ timeout: scaled(5000) }).catch(() => {});
    await warningShown(page, env.ext.warningPrefix);
    for (let i = 0; i < 5 && page.url() !== start; i++) {
      await page.goBack({ timeout: scaled(2000) }).catch(() => {});
      await until(() => !page.url().startsWith('about:'), 'a history entry').catch(() => {});
    }
    assert.equal(page.url(), start);
    await page.goForward({ timeout: scaled(5000) }).catch(() => {});
    await warningShown(page, env.ext.warningPrefix);
    await page.goBack({ timeout: scaled(5000) }).catch(() => {});
    await until(() => page.url() === start, 'the page before the listed entry');
    assert.deepEqual(env.server.requestsTo(`www.turnback.test${path}`), [], 'the listed entry was never fetched');
    await closePage(page);
  });

  test('a benign page and a benign search load and stay', async () => {
    const page = await env.ext.context.newPage();
    const url = env.server.page('<!doctype html><title>ok</title><h1 id="ok">benign</h1>', 'www.turnback.test');
    await page.goto(url);
    await page.waitForSelector('#ok');
    await page.goto('https://search.turnback.test/search?q=garden+tools');
    await page.waitForSelector('#trap'); // the server's default page: it did load
    await settle(500);
    assert.equal(page.url(), 'https://search.turnback.test/search?q=garden+tools');
    assert.equal(env.server.beaconsFrom('search.turnback.test/search?q=garden').length, 2, 'the benign page ran');
    await closePage(page);
  });
});
