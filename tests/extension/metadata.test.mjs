// Help-service metadata in the real extension (Chromium): a list whose
// service has a phone written with spaces, parentheses and hyphens shows it
// as written on the warning page and dials exactly its digits; a phone with
// opening hours in it, or a bidi control in the metadata, cannot be built,
// and a list signed with such metadata anyway is refused at load (the held
// list and its number stay).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { closePage, go, launchExtension, scaled, until, waitForWarning } from './harness.mjs';
import { DEMO_KEY } from './lists/fixtures.mjs';
import { buildWithMeta, metaWith, PHONE_DIALS, PHONE_SERVICE, withChangedMetadata } from '../e2e/metadata-lists.mjs';
import { startListServer } from './lists/server.mjs';

const LIST_PATH = '/lists/metadata.tbl';
const LIST_URL = `http://lists.turnback.test${LIST_PATH}`;
const HOURS = '0800 0000 000 (Mon-Thu 9am-9pm)';
/** Shows as "0800 0000 000" (reversed by the override) but would dial 00000000080. */
const REVERSED = '\u202e000 0000 0800';
let n = 0;

describe('help-service metadata (Chromium)', { timeout: scaled(10 * 60_000) }, () => {
  let dir;
  let server;
  let ext;
  let options;
  let good;
  let base;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'turnback-meta-'));
    good = buildWithMeta(dir, 'good.tbl', metaWith([PHONE_SERVICE]), { sequence: 2 });
    assert.equal(good.status, 0, good.stderr);
    // The base of the crafted lists: newer than the held one.
    base = buildWithMeta(dir, 'base.tbl', metaWith([PHONE_SERVICE]), { sequence: 3 });
    assert.equal(base.status, 0, base.stderr);
    server = await startListServer();
    ext = await launchExtension(server);
    options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/pages/options.html`);
    await until(async () => (await text('#status-sequence')) !== '', 'the options page status');
  });
  after(async () => {
    await ext?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const text = (sel) => options.textContent(sel).then((t) => t.trim());

  /** The phone links of the warning page for a listed URL: shown text and href. */
  async function warningPhones() {
    const page = await ext.context.newPage();
    await go(page, `http://blocked.turnback.test/metadata/${++n}.html`);
    await waitForWarning(page, ext.warningPrefix, 20_000);
    // The page shows the packaged help at once and the list's once the
    // worker answers (warning.js, data-source): these tests are about the list's.
    await page.waitForFunction(() => document.getElementById('help')?.hidden === false && document.documentElement.dataset.source === 'list');
    const phones = await page.$$eval('#resources a.phone', (as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));
    const text = await page.textContent('#resources');
    await closePage(page);
    return { phones, text };
  }

  async function updateNow() {
    await options.click('#update-now');
    const live = await until(async () => !(await options.isDisabled('#update-now')) && (await text('#live')), 'the update check', 40_000);
    assert.equal(live, 'Check finished.');
  }

  test('the CLI refuses to build a phone with opening hours or a bidi control', () => {
    const hours = buildWithMeta(dir, 'hours.tbl', metaWith([{ ...PHONE_SERVICE, phone: HOURS }]));
    assert.equal(hours.status, 2);
    assert.match(hours.stderr, /resources\[0\]\.phone \("phone-demo"\): "0800 0000 000 \(Mon-Thu 9am-9pm\)" is not a phone number: only digits, spaces/);
    const bidi = buildWithMeta(dir, 'bidi.tbl', metaWith([{ ...PHONE_SERVICE, name: 'Phone \u2066Demo\u2069' }]));
    assert.equal(bidi.status, 2);
    assert.match(bidi.stderr, /resources\[0\]\.name: bidi control U\+2066 is not allowed/);
  });

  test('a phone with spaces, parentheses and hyphens is shown as written and dials exactly its digits', async () => {
    server.serve(LIST_PATH, { body: good.bytes });
    await options.fill('#listUrl', LIST_URL);
    await options.fill('#publicKey', DEMO_KEY);
    await options.click('#save');
    await until(async () => (await text('#live')) === 'Saved.', 'the save');
    await until(async () => (await text('#status-sequence')) === '2', 'the list with the phone');
    const { phones } = await warningPhones();
    assert.deepEqual(phones, [{ text: `Phone: ${PHONE_SERVICE.phone}`, href: PHONE_DIALS }]);
  });

  for (const [name, change, detail] of [
    [
      'opening hours in the phone',
      (m) => (m.resources[0].phone = HOURS),
      'malformed list: metadata: resources[0].phone ("phone-demo"): "0800 0000 000 (Mon-Thu 9am-9pm)" is not a phone number',
    ],
    [
      'a bidi override in the phone',
      (m) => (m.resources[0].phone = REVERSED),
      'malformed list: metadata: resources[0].phone: bidi control U+202E',
    ],
    [
      'a bidi isolate in a message',
      (m) => (m.messages.en.body = `\u2067${m.messages.en.body}\u2069`),
      'malformed list: metadata: messages.en.body: bidi control U+2067',
    ],
  ]) {
    test(`a signed list with ${name} is refused at load; the held list and its number stay`, { timeout: scaled(120_000) }, async () => {
      server.serve(LIST_PATH, { body: withChangedMetadata(base.bytes, change) });
      await updateNow();
      const shown = await text('#status-last-error');
      assert.ok(shown.startsWith('The downloaded list was refused.'), shown);
      assert.ok(shown.includes(detail), shown);
      assert.equal(await text('#status-sequence'), '2');
      const { phones, text: resources } = await warningPhones();
      assert.deepEqual(phones, [{ text: `Phone: ${PHONE_SERVICE.phone}`, href: PHONE_DIALS }]);
      assert.ok(!resources.includes('Mon') && !resources.includes('\u202e'), resources);
    });
  }
});
