// Delta updates in the widget (Chromium) from a publish directory served by
// nginx on another origin (gzip, ETag, the Cache-Control of
// docs/publishing.md, CORS), with `list` at its index.txt: nginx's access
// log shows which files each refresh fetched. Seven releases made with the
// CLI (`--keep 2`): release 1 full, 2 and 3 by delta, 6 as the full list
// (the page, at 3, is too old for any delta), 7 full after a corrupt delta
// while 6 stays in use; a rolled-back index is refused; with nginx stopped
// the last good list stays. After every step the phrases of the release in
// use match, and no others.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STANDIN, useBrowser, scaled } from './harness.mjs';
import { DEMO_KEY, NEW_PHRASE } from '../extension/lists/fixtures.mjs';
import { startNginx } from '../extension/lists/nginx.mjs';
import { THIRD_PHRASE, makePublished, publishedOn } from '../update/publish.mjs';

const env = useBrowser();

/** @param {Uint8Array} b one bit flipped mid-file */
const flipped = (b) => Uint8Array.from(b, (x, i) => (i === Math.floor(b.length / 2) ? x ^ 1 : x));

/** Resolves when `fn` resolves truthy; polls on a scaled deadline. */
async function until(fn, what) {
  const end = Date.now() + scaled(20_000);
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

describe('widget delta updates from nginx', { skip: STANDIN && 'needs the real engine and the CLI', timeout: scaled(5 * 60_000) }, () => {
  let pub;
  let nginx;
  let page;
  let context;
  let warnings;
  /** @type {ReturnType<typeof publishedOn>['serve']} */
  let serve;
  /** @type {ReturnType<typeof publishedOn>['fetched']} */
  let fetched;

  before(async () => {
    if (STANDIN) return;
    pub = makePublished({ keep: 2, releases: 7 });
    nginx = await startNginx({}, { waitFor: until });
    ({ serve, fetched } = publishedOn(nginx, pub, { waitFor: until }));
    await fetched(1); // nginx's start-up probe
  });
  after(async () => {
    await context?.close();
    await nginx?.close();
    pub?.cleanup();
  });



  const refresh = () => page.evaluate(() => window.deltaWidget.refresh());
  const sequence = () => page.evaluate(() => window.deltaWidget.info?.sequence ?? null);
  const matches = (text) => page.evaluate((s) => window.deltaWidget.check(s).matched, text);

  /** Release `n` is in use: its phrases match, later ones do not. */
  async function inUse(n) {
    assert.equal(await sequence(), n, `release ${n} in use`);
    assert.equal(await matches('blocked demo term'), true, 'a demo keyword');
    assert.equal(await matches(NEW_PHRASE), n >= 2, 'the phrase of release 2 on');
    assert.equal(await matches(THIRD_PHRASE), n >= 3, 'the phrase of release 3 on');
  }

  test('release 1: the index, then the full list', async () => {
    serve(1);
    // The demo page's CSP allows its own origin only; a provider adds the list host to connect-src.
    const t = await env.open('/index.html', { bypassCSP: true });
    ({ page, context, warnings } = t);
    const url = `${nginx.origin}/index.txt`;
    await page.evaluate(
      async ([list, publicKey]) => {
        const { Turnback } = await import('/turnback-widget.js');
        window.deltaWidget = await Turnback.load({ list, publicKey, refreshMinutes: Infinity });
      },
      [url, DEMO_KEY],
    );
    assert.deepEqual(await fetched(2), ['index.txt 200', 'demo-1.tbl 200']);
    await inUse(1);
  });

  const steps = [
    ['release 2 by delta', 2, {}, ['index.txt? 200', 'demo-1-2.tbd 200']],
    ['release 3 by delta', 3, {}, ['index.txt? 200', 'demo-2-3.tbd 200']],
    ['release 6: too old for its deltas (from 4 and 5), the full list', 6, {}, ['index.txt? 200', 'demo-6.tbl 200']],
    ['release 7 with a corrupt delta: the full list', 7, { 'demo-6-7.tbd': flipped }, ['index.txt? 200', 'demo-6-7.tbd 200', 'demo-7.tbl 200']],
  ];
  for (const [name, state, changes, files] of steps) {
    test(name, async () => {
      serve(state, Object.fromEntries(Object.entries(changes).map(([file, change]) => [file, change(pub.states[state][file])])));
      const held = await sequence();
      const r = await page.evaluate(async (phrase) => {
        const pending = window.deltaWidget.refresh();
        // Until the new list is in, checks run on the one in use.
        const during = window.deltaWidget.check(phrase).matched;
        return { during, outcome: await pending };
      }, THIRD_PHRASE);
      assert.deepEqual(r, { during: held >= 3, outcome: 'updated' });
      assert.deepEqual(await fetched(files.length), files);
      await inUse(state);
    });
  }

  test('an index rolled back to release 6: refused, release 7 kept', async () => {
    serve(6);
    assert.equal(await refresh(), 'failed');
    assert.deepEqual(await fetched(1), ['index.txt? 200']);
    assert.match(warnings.at(-1) ?? '', /index sequence 6 is older than the held list's 7/);
    await inUse(7);
  });

  test('nginx stopped: the last good list stays', async () => {
    serve(7);
    await nginx.stop();
    assert.equal(await refresh(), 'failed');
    await inUse(7);
  });
});
