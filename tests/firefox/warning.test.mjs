// Firefox: the warning page in English and in a right-to-left language
// (Arabic, with Firefox's UI in Arabic from Debian's language pack): the
// list's texts for that language, the right direction, never the stopped URL.
// Screenshots: target/e2e-artifacts/firefox-warning-<lang>.png.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { By } from 'selenium-webdriver';
import { REPO, launchFirefox, nonce, screenshot, until, waitForWarning } from './harness.mjs';

const MESSAGES = JSON.parse(readFileSync(join(REPO, 'data/meta/messages.json'), 'utf8'));

for (const lang of ['en', 'ar']) {
  test(`the warning page in ${lang}`, async () => {
    const ff = await launchFirefox({ lang });
    try {
      const n = nonce('w');
      await ff.driver.get(`http://blocked.turnback.test/${n}.html?q=${n}`);
      await waitForWarning(ff.driver);
      // The page shows the browser-language fallback first, then the list's texts.
      await until(async () => (await ff.driver.findElement(By.id('help')).getAttribute('hidden')) === null, 'the help section');
      const page = await ff.driver.executeScript(
        `return { lang: document.documentElement.lang, dir: document.documentElement.dir,
          title: document.getElementById('title').textContent, text: document.body.innerText, url: location.href }`,
      );
      assert.equal(page.lang.split('-')[0], lang);
      assert.equal(page.dir, MESSAGES[lang].dir ?? 'ltr');
      assert.equal(page.dir, lang === 'ar' ? 'rtl' : 'ltr');
      assert.equal(page.title, MESSAGES[lang].title_page);
      for (const text of [page.text, page.url]) {
        assert.ok(!text.includes(n) && !text.includes('blocked.turnback.test'), 'the warning page shows the stopped URL');
      }
      await screenshot(ff.driver, `firefox-warning-${lang}.png`);
    } finally {
      await ff.close();
    }
  });
}
