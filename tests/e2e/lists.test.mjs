// Several lists in one widget (`lists`): the first list in the configured
// order that matches decides, its id is in the verdict and the panel shows
// its help services; a list that cannot be loaded holds up no other, and
// fail-closed blocks until every list is in force.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO, STANDIN, panel, useBrowser } from './harness.mjs';

const env = useBrowser();
const DEMO = join(REPO, 'data/demo');
const KEY = readFileSync(join(DEMO, 'demo.pub'), 'utf8').trim();
// Made-up words: both lists hold SHARED_WORD, only beta holds BETA_WORD.
const SHARED_WORD = 'quorbexian';
const BETA_WORD = 'frimbletoss';
const service = (id, name) => ({
  id, name, url: `https://${id}.help.turnback.test/`, chat: false, countries: ['*'], languages: ['en'],
  description: 'A made-up help service for tests.',
});
const lists = {};
let dir;

/** A list with its own id, keywords and help service, built by the CLI. */
function build(id, keywords, help) {
  const words = join(dir, `${id}.keywords.txt`);
  writeFileSync(words, `${keywords.join('\n')}\n`);
  const meta = join(dir, `${id}.meta.json`);
  writeFileSync(meta, JSON.stringify({ categories: ['default'], resources: [help] }));
  const out = join(dir, `${id}.tbl`);
  execFileSync(CLI, [
    'build', '--id', id, '--sequence', '1', '--expires', '30d', '--keywords', words,
    '--meta', meta, '--key', join(DEMO, 'demo.key'), '--out', out,
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  return readFileSync(out);
}

before(() => {
  if (STANDIN) return;
  dir = mkdtempSync(join(tmpdir(), 'turnback-lists-'));
  lists.alpha = build('alpha', [SHARED_WORD], service('alpha', 'Alpha Help Line'));
  lists.beta = build('beta', [SHARED_WORD, BETA_WORD], service('beta', 'Beta Help Line'));
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

/**
 * A page whose `/lists/NAME.tbl` requests are answered from `served` (a name
 * missing from it: 404), with the widget loaded by `window.loadLists(options)`.
 */
async function open(served) {
  const t = await env.open('/index.html', {
    route: (page) =>
      page.route('**/lists/*.tbl', (route) => {
        const name = new URL(route.request().url()).pathname.split('/').pop().replace(/\.tbl$/, '');
        const body = served[name];
        return body ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body }) : route.fulfill({ status: 404, body: '' });
      }),
  });
  await t.page.evaluate(async () => {
    const { Turnback } = await import('/turnback-widget.js');
    window.loadLists = async (options) => {
      window.several?.destroy();
      window.several = await Turnback.load(options);
      return window.several.lists.map((l) => (l.info ? l.info.id : null));
    };
  });
  return t;
}

const source = (name) => ({ list: `/lists/${name}.tbl`, publicKey: KEY });
const load = (t, options) => t.page.evaluate((o) => window.loadLists(o), options);
const verdict = (t, text) => t.page.evaluate((s) => window.several.check(s), text);

describe('several lists', { skip: STANDIN && 'needs the real engine and the CLI' }, () => {
  test('the first list in order decides; the verdict names it; the panel shows its help', async () => {
    const t = await open({ ...lists });
    assert.deepEqual(await load(t, { lists: [source('alpha'), source('beta')] }), ['alpha', 'beta']);
    assert.equal(await t.page.evaluate(() => window.several.ready), true);
    const cases = [
      { text: SHARED_WORD, list: 'alpha' },
      { text: BETA_WORD, list: 'beta' },
      { text: `${BETA_WORD} ${SHARED_WORD}`, list: 'alpha' },
      { text: 'weather tomorrow', list: undefined },
    ];
    for (const c of cases) {
      const got = await verdict(t, c.text);
      assert.equal(got.matched, c.list !== undefined, `${c.text}: matched`);
      assert.equal(got.list, c.list, `${c.text}: got list ${got.list}, want ${c.list}`);
    }
    for (const [text, shows, hides] of [[BETA_WORD, 'Beta Help Line', 'Alpha Help Line'], [SHARED_WORD, 'Alpha Help Line', 'Beta Help Line']]) {
      const events = await t.page.evaluate((s) => {
        const seen = [];
        const target = new EventTarget();
        target.addEventListener('turnback:match', (e) => seen.push(e.detail));
        window.several.guard(s, { target });
        return seen;
      }, text);
      const p = await panel(t.page);
      assert.equal(p.open, true, `${text}: panel open`);
      assert.ok(p.html.includes(shows), `${text}: the matching list's help (${shows})`);
      assert.ok(!p.html.includes(hides), `${text}: not the other list's help (${hides})`);
      assert.ok(!p.html.includes(text), 'the query is never in the panel');
      assert.equal(events[0].list, shows.startsWith('Beta') ? 'beta' : 'alpha');
      await t.page.keyboard.press('Escape');
    }
    // The order is the caller's: reversed, beta decides the shared word.
    await load(t, { lists: [source('beta'), source('alpha')] });
    assert.equal((await verdict(t, SHARED_WORD)).list, 'beta');
    assert.deepEqual(t.warnings, []);
    await t.context.close();
  });

  test('a list that cannot be loaded holds up no other; it is retried on its own', async () => {
    const served = { alpha: lists.alpha };
    const t = await open(served);
    const ids = await load(t, { lists: [source('beta'), source('alpha')], retry: { initialDelay: 60_000 } });
    assert.deepEqual(ids, [null, 'alpha']);
    assert.equal(await t.page.evaluate(() => window.several.ready), false);
    assert.equal((await verdict(t, SHARED_WORD)).list, 'alpha', 'the loaded list checks meanwhile');
    assert.equal((await verdict(t, BETA_WORD)).matched, false);
    assert.equal(t.warnings.length, 1);
    assert.match(t.warnings[0], /not checked against it until a retry succeeds\. \(list 1 of 2: \/lists\/beta\.tbl\)$/);
    // Open: a search only the missing list would stop goes ahead.
    assert.equal(await t.page.evaluate((s) => window.several.guard(s), BETA_WORD), true);
    served.beta = lists.beta;
    assert.equal(await t.page.evaluate(() => window.several.refresh()), 'updated');
    assert.equal(await t.page.evaluate(() => window.several.ready), true);
    assert.equal((await verdict(t, SHARED_WORD)).list, 'beta', 'now in force, first in order');
    await t.context.close();
  });

  test('fail-closed blocks every search until every list is in force', async () => {
    const served = { alpha: lists.alpha };
    const t = await open(served);
    await load(t, { lists: [source('alpha'), source('beta')], failMode: 'closed', retry: { initialDelay: 60_000 } });
    assert.equal(await t.page.evaluate(() => window.several.guard('weather tomorrow')), false, 'blocked while beta is missing');
    assert.equal((await panel(t.page)).open, true);
    await t.page.keyboard.press('Escape');
    served.beta = lists.beta;
    await t.page.evaluate(() => window.several.refresh());
    assert.equal(await t.page.evaluate(() => window.several.guard('weather tomorrow')), true);
    assert.equal(await t.page.evaluate((s) => window.several.guard(s), BETA_WORD), false);
    await t.context.close();
  });

  test('bad `lists` options are refused, naming the entry', async () => {
    const t = await open({});
    const cases = [
      { options: { lists: [] }, want: /`lists` must be an array of 1 to 8 lists/ },
      { options: { lists: Array.from({ length: 9 }, (_, i) => source(`l${i}`)) }, want: /`lists` must be an array of 1 to 8/ },
      { options: { lists: [source('alpha'), { list: '/lists/x.tbl' }] }, want: /`lists\[1\]\.publicKey`/ },
      { options: { lists: [source('alpha'), { publicKey: KEY }] }, want: /`lists\[1\]\.list`/ },
      { options: { lists: [source('alpha'), source('alpha')] }, want: /`lists\[1\]\.list` is the same URL/ },
      { options: { lists: [source('alpha')], list: '/lists/alpha.tbl' }, want: /either `lists` or `list`/ },
    ];
    for (const c of cases) {
      const got = await t.page.evaluate((o) => window.loadLists(o).then(() => 'loaded', (e) => `${e.name}: ${e.message}`), c.options);
      assert.match(got, /^TypeError: /, JSON.stringify(c.options));
      assert.match(got, c.want, got);
    }
    await t.context.close();
  });
});
