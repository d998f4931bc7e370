// Nothing Turnback stopped stays in the browser's history (Chromium): after
// first and repeat visits (the exact-URL rule's in-place redirect),
// back/forward to a listed page and a listed search, the profile's History
// database holds no entry with the listed URL, the search text or the
// warning page. Read from the SQLite file itself once the browser closed
// (Chromium writes it lazily and locks it while running), with Debian's
// sqlite3 CLI (`make browsers` installs it).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { closePage, go, launchExtension, scaled, startServer, until, warningShown } from './harness.mjs';

/** A word of letters only, so it stays one search term and one URL part. */
const marker = () => `trace${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 8)}`;

/** Every row of a History database (copied with its journal) as SQL text. */
function dumpHistory(profileDir) {
  const copy = mkdtempSync(join(tmpdir(), 'turnback-history-'));
  try {
    for (const suffix of ['', '-journal', '-wal']) {
      const file = join(profileDir, 'Default', `History${suffix}`);
      if (existsSync(file)) copyFileSync(file, join(copy, `History${suffix}`));
    }
    const dump = execFileSync('sqlite3', [join(copy, 'History'), '.dump'], { maxBuffer: 64 << 20 }).toString();
    return { dump, bytes: readFileSync(join(copy, 'History')) };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

describe("browser history keeps nothing Turnback stopped (Chromium)", { timeout: scaled(5 * 60_000) }, () => {
  let server;
  let ext;
  let profileDir;
  before(async () => {
    server = await startServer();
    profileDir = mkdtempSync(join(tmpdir(), 'turnback-history-profile-'));
    ext = await launchExtension(server, { userDataDir: profileDir });
    const lifted = () =>
      ext.worker.evaluate(async () =>
        (await chrome.declarativeNetRequest.getSessionRules()).some((r) => r.action.type === 'allow'),
      );
    await until(lifted, 'the startup block to lift');
  });
  after(async () => {
    await ext?.close();
    await server?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  test('first and repeat visits to a page and a search, back/forward into a pushed entry: none in History, the benign pages are', async () => {
    const pageWord = marker();
    const searchWord = marker();
    const benignWord = marker();
    const pushWord = marker();
    const listedUrl = `http://blocked.turnback.test/history/${pageWord}.html?ref=${pageWord}`;
    const searchUrl = `https://www.google.com/search?q=zorblax+${searchWord}`;
    const pushedPath = `/blocked/${pushWord}`;
    const page = await ext.context.newPage();
    for (const target of [listedUrl, searchUrl]) {
      for (const visit of ['first', 'repeat']) {
        // The worker's own send-on to the warning page (beside the rule's
        // redirect) may still be under way and interrupt this navigation:
        // then it is made again.
        const before = server.page(`<p>${benignWord} before the ${visit} visit</p>`);
        await until(() => page.goto(before).then(() => page.url() === before, () => false), 'the benign page before the visit');
        await go(page, target);
        await warningShown(page, ext.warningPrefix);
      }
    }
    // A single-page app pushes a listed path: then back into that entry (the
    // exact-URL rule redirects it in place), back to the start, forward.
    const start = server.page(`<button id="go" onclick="history.pushState({}, '', '${pushedPath}')">${benignWord}</button>`, 'www.turnback.test');
    await page.goto(start);
    await page.click('#go');
    await warningShown(page, ext.warningPrefix);
    for (let i = 0; i < 3 && page.url() !== start; i++) {
      await page.goBack().catch(() => {});
      await until(() => !page.url().startsWith('about:'), 'a history entry');
    }
    await page.goForward().catch(() => {});
    // Forward shows the warning again, unless the entry went with its
    // history entry (Chromium drops a deleted URL's back/forward entries).
    await until(() => page.url() === start || page.url().startsWith(ext.warningPrefix), 'forward settled');
    await closePage(page);

    // Wait for the cleanup through the extension's own view of history where
    // it has one (today's code has none: then straight to the file).
    const left = (words, prefix) =>
      ext.worker.evaluate(
        async ({ words, prefix }) => {
          if (!chrome.history) return [];
          const items = await chrome.history.search({ text: '', startTime: 0, maxResults: 10_000 });
          return items.filter((i) => i.url.startsWith(prefix) || words.some((w) => i.url.includes(w))).map(() => 'entry');
        },
        { words, prefix },
      );
    await until(async () => (await left([pageWord, searchWord, pushWord], ext.warningPrefix)).length === 0, 'history cleaned up');
    await ext.context.close(); // flushes and unlocks the History file

    const { dump, bytes } = dumpHistory(profileDir);
    assert.ok(dump.includes(start), 'the benign start page is recorded');
    assert.ok(dump.includes('INSERT INTO visits'), 'History holds visits');
    assert.ok(!dump.includes(pageWord) && !dump.includes(pushWord), 'no entry carries a listed URL');
    assert.ok(!dump.includes('blocked.turnback.test'), 'no entry carries the listed host');
    assert.ok(!dump.includes(searchWord) && !dump.includes('zorblax'), 'no entry carries the search text');
    assert.ok(!dump.includes(`${ext.extensionId}/pages/warning.html`), 'no entry of a warning page view');
    // Deleted rows could linger in free pages of the file: measured here too.
    const raw = bytes.toString('latin1');
    assert.ok(!raw.includes(pageWord) && !raw.includes(pushWord) && !raw.includes(searchWord), 'no byte of the file carries them');
  });
});
