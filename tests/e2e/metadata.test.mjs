// The list's help-service metadata in the widget's panel: a phone written
// with spaces, parentheses and hyphens is shown as written and dials exactly
// its digits; a list signed with an undialable phone or a bidi control is
// refused at load (the engine says why), so its number is never shown.
// Needs the real engine: the stand-in has its own fixed metadata.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STANDIN, useBrowser } from './harness.mjs';
import { buildWithMeta, metaWith, PHONE_DIALS, PHONE_SERVICE, withChangedMetadata } from './metadata-lists.mjs';

const env = useBrowser();
const skip = STANDIN && 'the stand-in engine ignores the list metadata';
let dir;
let good;
before(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'turnback-e2e-meta-'));
  good = buildWithMeta(dir, 'good.tbl', metaWith([PHONE_SERVICE]));
  assert.equal(good.status, 0, good.stderr);
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

/** Opens the demo page with `body` served as its list. */
const openWith = (body, path = '/index.html?country=GB') =>
  env.open(path, { route: (page) => page.route('**/demo/demo.tbl', (r) => r.fulfill({ status: 200, body: Buffer.from(body) })) });

async function search(page, query) {
  await page.fill('#q', query);
  await page.press('#q', 'Enter');
}

describe('help-service metadata in the panel', { skip }, () => {
  test('a phone with spaces, parentheses and hyphens is shown as written and dials exactly its digits', async () => {
    const t = await openWith(good.bytes);
    assert.equal(await t.page.evaluate(() => window.turnback.ready), true);
    await search(t.page, 'blocked demo term');
    await t.page.waitForFunction(() => document.querySelector('turnback-notice')?.shadowRoot.querySelector('dialog[open]'));
    const tel = await t.page.evaluate(() =>
      [...document.querySelector('turnback-notice').shadowRoot.querySelectorAll('a[href^="tel:"]')].map((a) => ({
        text: a.textContent,
        href: a.getAttribute('href'),
      })),
    );
    assert.deepEqual(tel, [{ text: PHONE_SERVICE.phone, href: PHONE_DIALS }]);
    await t.context.close();
  });

  for (const [name, change, detail] of [
    [
      'opening hours in the phone',
      (m) => (m.resources[0].phone = '0800 0000 000 (Mon-Thu 9am-9pm)'),
      'malformed list: metadata: resources[0].phone ("phone-demo"): "0800 0000 000 (Mon-Thu 9am-9pm)" is not a phone number',
    ],
    [
      'a bidi override in the phone',
      (m) => (m.resources[0].phone = '\u202e000 0000 0800'),
      'malformed list: metadata: resources[0].phone: bidi control U+202E',
    ],
    [
      'a bidi isolate in a name',
      (m) => (m.resources[0].name = 'Phone \u2066Demo\u2069 Service'),
      'malformed list: metadata: resources[0].name: bidi control U+2066',
    ],
  ]) {
    test(`a signed list with ${name} is refused at load`, async () => {
      const t = await openWith(withChangedMetadata(good.bytes, change));
      assert.equal(await t.page.evaluate(() => window.turnback.ready), false);
      assert.equal(t.warnings.length, 1, `warnings: ${JSON.stringify(t.warnings)}`);
      assert.ok(t.warnings[0].includes(detail), t.warnings[0]);
      // Failing open (the demo default): no panel, so the number is never shown.
      const nav = t.page.waitForURL(/results\.html/);
      await search(t.page, 'weather');
      await nav;
      await t.context.close();
    });
  }
});
