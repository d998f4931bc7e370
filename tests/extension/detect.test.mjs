// A web page cannot tell that the extension is installed by loading its
// files: every file of the build, web-accessible or not, fails by the
// extension's fixed id from fetch, <img>, <link>, <script> and <iframe>, and
// a link to the warning page does not open it. The warning page is
// web-accessible only through Chromium's per-session dynamic id
// (use_dynamic_url); the extension itself still reaches it (and its texts).

import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { closePage, DIST, go, until, useExtension, waitForWarning } from './harness.mjs';

/** Every file of the unpacked Chromium build, relative to it. */
function buildFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(DIST, p).split('\\').join('/'));
    }
  };
  walk(DIST);
  return out.sort();
}

/**
 * In the page: loads every URL by fetch, <img>, <link rel=stylesheet> and
 * <script>, and resolves with those that loaded ({ url, how }).
 */
function probeInPage(urls) {
  const element = (tag, attrs) =>
    new Promise((done) => {
      const el = document.createElement(tag);
      el.onload = () => done(true);
      el.onerror = () => done(false);
      Object.assign(el, attrs);
      document.head.append(el);
    });
  const ways = {
    fetch: (url) => fetch(url).then(() => true, () => false),
    img: (url) => element('img', { src: url }),
    link: (url) => element('link', { rel: 'stylesheet', href: url }),
    script: (url) => element('script', { src: url }),
  };
  return Promise.all(
    urls.flatMap((url) => Object.entries(ways).map(async ([how, load]) => ((await load(url)) ? { url, how } : null))),
  ).then((all) => all.filter(Boolean));
}

describe('pages cannot detect the extension (Chromium)', () => {
  const env = useExtension();

  test('no file of the extension loads by its fixed id from a page on another origin', async () => {
    const files = buildFiles();
    assert.ok(files.includes('pages/warning.html') && files.includes('manifest.json'), 'the build is there');
    const base = `chrome-extension://${env.ext.extensionId}/`;
    for (const origin of ['http://probe.turnback.test', 'https://probe.turnback.test']) {
      const page = await env.ext.context.newPage();
      await page.goto(env.server.page('<h1>a page that looks for extensions</h1>', origin));
      const loaded = await page.evaluate(probeInPage, files.map((f) => base + f));
      assert.deepEqual(loaded, [], `${origin} loaded extension files`);
      await closePage(page);
    }
  });

  test('no extension page loads by its fixed id in a frame, nor through a link', async () => {
    const base = `chrome-extension://${env.ext.extensionId}/`;
    const pages = buildFiles().filter((f) => f.endsWith('.html'));
    const page = await env.ext.context.newPage();
    await page.goto(env.server.page('<h1>a page that frames extension pages</h1>', 'probe.turnback.test'));
    const loads = await page.evaluate(
      (urls) =>
        Promise.all(
          urls.map(
            (url) =>
              new Promise((done) => {
                const frame = document.createElement('iframe');
                frame.onload = () => done(url);
                frame.src = url;
                document.body.append(frame);
              }),
          ),
        ),
      pages.map((f) => base + f),
    );
    assert.equal(loads.length, pages.length, 'every frame finished loading');
    const framed = page.frames().filter((f) => f.url().startsWith('chrome-extension://'));
    assert.deepEqual(framed.map((f) => f.url()), [], 'extension pages opened in frames');
    // A link to the warning page (a top-level navigation) does not open it.
    const warning = `${base}pages/warning.html?kind=page`;
    await page.setContent(`<a id="go" href="${warning}">go</a>`);
    await page.click('#go').catch(() => {});
    await until(() => !page.url().startsWith('http://probe.'), 'the link to be followed');
    assert.ok(!page.url().startsWith('chrome-extension://'), `the link opened ${page.url()}`);
    await closePage(page);
  });

  test('the extension still shows its warning page, with the list texts', async () => {
    const page = await env.ext.context.newPage();
    await go(page, `http://www.turnback.test/blocked/detect-${Date.now()}.html`);
    await waitForWarning(page, env.ext.warningPrefix);
    // The texts come from the worker only when it knows the page as its own.
    await page.waitForFunction(() => document.getElementById('help')?.hidden === false);
    assert.ok((await page.textContent('#body')).length > 20);
    await closePage(page);
  });
});
