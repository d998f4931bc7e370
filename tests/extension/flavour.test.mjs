// Development and store builds (no browser): the unpacked builds in
// extension/dist/ are development builds and accept plain-http list URLs for
// loopback and *.test hosts; the store packages' own settings and download
// modules, unpacked and loaded here, accept https only.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO } from './harness.mjs';
import { unzip } from './unzip.mjs';

const DIST = join(REPO, 'extension/dist');
const HTTP_URLS = ['http://lists.turnback.test/x.tbl', 'http://127.0.0.1:8080/l.tbl', 'http://localhost/l.tbl', 'http://[::1]/l.tbl'];

/**
 * The extension's `src/` from a store package, with `widget/` (the widget's
 * modules that src/ imports, copied by the build), written to a fresh folder.
 */
function unpackSources(name) {
  const dir = mkdtempSync(join(tmpdir(), 'turnback-store-'));
  for (const [file, data] of unzip(readFileSync(join(DIST, name)))) {
    if (!file.startsWith('src/') && !file.startsWith('widget/')) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), data);
  }
  return dir;
}

const settingsOf = (dir) => import(pathToFileURL(join(dir, 'src/background/lists/settings.js')).href);

/** The ListError a call throws, or null. */
function refusal(f) {
  try {
    f();
    return null;
  } catch (err) {
    return err;
  }
}

for (const name of ['turnback-chromium.zip', 'turnback-firefox.xpi']) {
  describe(`store package ${name}`, () => {
    const dir = unpackSources(name);
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('refuses plain-http list URLs, *.test and loopback included', async () => {
      const { validateListUrl, httpAllowedHost } = await settingsOf(dir);
      for (const url of HTTP_URLS) {
        const err = refusal(() => validateListUrl(url));
        assert.equal(err?.field, 'listUrl', url);
        assert.equal(err.message, 'listUrl: must use https', url);
        assert.equal(httpAllowedHost(new URL(url).hostname), false, `${url}: no http download or redirect`);
      }
      assert.equal(validateListUrl('https://lists.turnback.test/x.tbl'), 'https://lists.turnback.test/x.tbl');
    });
  });
}

for (const browser of ['chromium', 'firefox']) {
  test(`the unpacked ${browser} build is a development build: http for *.test and loopback`, async () => {
    const { validateListUrl } = await settingsOf(join(DIST, browser));
    for (const url of HTTP_URLS) assert.equal(validateListUrl(url), url);
    const err = refusal(() => validateListUrl('http://lists.example/x.tbl'));
    assert.match(err?.message ?? '', /^listUrl: must use https \(http only for 127\.0\.0\.1, localhost and \*\.test in this development build\)$/);
  });
}
