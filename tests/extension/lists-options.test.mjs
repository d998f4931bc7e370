// The options page in Arabic (right to left) and in the states a policy
// produces. Here the worker's real status answer is marked as locked on its
// way to the page, so each state (all fields locked, some set by policy)
// needs no browser of its own; policy.test.mjs checks the page under a real
// policy, and tests/extension/lists/settings.test.mjs the merge of managed
// and local settings.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { artifactsDir, AXE, closePage, launchExtension, scaled, until } from './harness.mjs';
import { startListServer } from './lists/server.mjs';

const STRINGS = JSON.parse(readFileSync(new URL('../../extension/locales/options.json', import.meta.url), 'utf8'));
const POLICY = { listUrl: 'https://lists.example/school.tbl', updateHours: 12 };

describe('options page (Chromium, Arabic)', { timeout: scaled(5 * 60_000) }, () => {
  let server;
  let ext;
  before(async () => {
    server = await startListServer();
    ext = await launchExtension(server, { lang: 'ar' });
  });
  after(async () => {
    await ext?.close();
    await server?.close();
  });

  /** The options page; `locked`: all fields, or an array of the fields a policy sets. */
  async function open({ locked }) {
    const page = await ext.context.newPage();
    if (locked) {
      const fields = locked === true ? ['listUrl', 'publicKey', 'country', 'updateHours'] : locked;
      await page.addInitScript(([policy, fields, all]) => {
        const send = chrome.runtime.sendMessage.bind(chrome.runtime);
        chrome.runtime.sendMessage = async (msg) => {
          const res = await send(msg);
          if (!res?.ok) return res;
          const status = res.status;
          const set = Object.fromEntries(Object.entries(policy).filter(([k]) => fields.includes(k)));
          status.locked = all;
          status.lockedFields = fields;
          status.policy = set;
          status.settings = { ...status.settings, ...set };
          return res;
        };
      }, [POLICY, fields, locked === true]);
    }
    await page.goto(`chrome-extension://${ext.extensionId}/pages/options.html`);
    await until(async () => (await page.textContent('#status-sequence')).trim() !== '', 'the status');
    return page;
  }

  async function axeClean(page) {
    await page.evaluate(readFileSync(AXE, 'utf8'));
    const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((x) => x.target).join(' ')}`), []);
  }

  test('right to left, in Arabic, axe-clean', async () => {
    const page = await open({ locked: false });
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.match(await page.getAttribute('html', 'lang'), /^ar/);
    assert.equal((await page.textContent('h1')).trim(), STRINGS.optionsTitle.messages.ar);
    assert.equal((await page.textContent('label[for=listUrl]')).trim(), STRINGS.optionsListUrlLabel.messages.ar);
    assert.equal(await page.getAttribute('#listUrl', 'dir'), 'ltr', 'URLs stay left to right');
    // Logical properties mirror the layout: the label column is on the right.
    const [dt, dd] = await Promise.all([page.$eval('dt', (e) => e.getBoundingClientRect().x), page.$eval('dd', (e) => e.getBoundingClientRect().x)]);
    assert.ok(dt > dd, 'the label column is on the right');
    // Keyboard: Tab reaches the fields in order.
    await page.focus('#listUrl');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'publicKey');
    await axeClean(page);
    await page.screenshot({ path: join(artifactsDir(), 'options-ar.png'), fullPage: true });
    await closePage(page);
  });

  test('locked by policy: read-only with a note, no save button, update still possible', async () => {
    const page = await open({ locked: true });
    assert.equal(await page.isVisible('#locked-note'), true);
    assert.equal((await page.textContent('#locked-note')).trim(), STRINGS.optionsLockedNote.messages.ar);
    for (const id of ['listUrl', 'publicKey', 'country', 'updateHours']) {
      assert.equal(await page.$eval(`#${id}`, (e) => e.readOnly), true, `${id} is read-only`);
    }
    assert.equal(await page.inputValue('#listUrl'), POLICY.listUrl);
    assert.equal(await page.inputValue('#updateHours'), '12');
    assert.equal(await page.isVisible('#save'), false);
    assert.equal(await page.isEnabled('#update-now'), true);
    await axeClean(page);
    await page.screenshot({ path: join(artifactsDir(), 'options-locked-ar.png'), fullPage: true });
    await closePage(page);
  });

  test('a policy that sets only some fields: those read-only with a note, the rest editable', async () => {
    const page = await open({ locked: ['listUrl', 'updateHours'] });
    assert.equal(await page.isVisible('#locked-note'), false);
    for (const [id, fixed] of [['listUrl', true], ['publicKey', false], ['country', false], ['updateHours', true]]) {
      assert.equal(await page.$eval(`#${id}`, (e) => e.readOnly), fixed, `${id} read-only: ${fixed}`);
      assert.equal(await page.isVisible(`#${id}-policy`), fixed, `${id} policy note: ${fixed}`);
    }
    assert.equal((await page.textContent('#listUrl-policy')).trim(), STRINGS.optionsPolicyField.messages.ar);
    assert.equal(await page.isVisible('#save'), true);
    await axeClean(page);
    await closePage(page);
  });
});
