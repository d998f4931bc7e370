// The build's outputs and the small pure helpers (no browser): the two
// manifests from the one source, _locales, the store packages, the warning
// page query and the exact-URL filter.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { REPO, closePage, scaled, until } from './harness.mjs';
import { unzip } from './unzip.mjs';
import { zip } from '../../extension/zip.mjs';
import { warningQuery } from '../../extension/src/shared/protocol.js';
import { exactFilter } from '../../extension/src/background/dnr.js';

const DIST = join(REPO, 'extension/dist');
const manifest = (browser) => JSON.parse(readFileSync(join(DIST, browser, 'manifest.json'), 'utf8'));

/** Every file under `dir`, relative and sorted as the build packs them. */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

describe('extension build', () => {
  test('Chromium manifest: service worker module, stable key, no Firefox keys, blocking for policy installs', () => {
    const m = manifest('chromium');
    assert.deepEqual(m.background, { service_worker: 'src/background/main.js', type: 'module' });
    assert.ok(m.key);
    assert.equal(m.browser_specific_settings, undefined);
    // Granted only when installed by policy; main.js checks what was granted.
    assert.ok(m.permissions.includes('webRequestBlocking'));
    assert.match(m.content_security_policy.extension_pages, /'wasm-unsafe-eval'/);
    // Spanning mode cannot load the warning page in an incognito tab's main frame.
    assert.equal(m.incognito, 'split');
    // Web pages reach the warning page only by the per-session dynamic id.
    assert.ok(m.web_accessible_resources.length > 0);
    for (const entry of m.web_accessible_resources) assert.equal(entry.use_dynamic_url, true);
  });

  test('Firefox manifest: background scripts, gecko id, no data collection, blocking webRequest', () => {
    const m = manifest('firefox');
    assert.deepEqual(m.background, { scripts: ['src/background/main.js'], type: 'module' });
    assert.equal(m.browser_specific_settings.gecko.id, 'turnback@turnback.example');
    assert.deepEqual(m.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
    assert.ok(m.permissions.includes('webRequestBlocking'));
    assert.equal(m.key, undefined);
    // Firefox installs a "split" add-on as "not_allowed" in private windows.
    assert.equal(m.incognito, undefined);
    // Unknown to Firefox's manifest schema; its extension host is random per install.
    for (const entry of m.web_accessible_resources) assert.equal(entry.use_dynamic_url, undefined);
  });

  test('_locales: every message in 15 languages, the engine and the signed demo list inside', () => {
    const core = JSON.parse(readFileSync(join(REPO, 'extension/locales/core.json'), 'utf8'));
    const langs = Object.keys(JSON.parse(readFileSync(join(REPO, 'data/meta/messages.json'), 'utf8')));
    assert.equal(langs.length, 15);
    for (const [key, entry] of Object.entries(core)) {
      assert.deepEqual(Object.keys(entry.messages).sort(), [...langs].sort(), `${key} in every language`);
    }
    const ar = JSON.parse(readFileSync(join(DIST, 'chromium/_locales/ar/messages.json'), 'utf8'));
    assert.equal(ar.warningHelpList.message, core.warningHelpList.messages.ar);
    for (const f of ['pkg/turnback.js', 'pkg/turnback_bg.wasm', 'lists/demo.tbl', 'lists/demo.pub']) {
      assert.ok(existsSync(join(DIST, 'firefox', f)), f);
    }
  });

  test('every module the engine glue imports is in both builds (pkg/snippets)', () => {
    for (const browser of ['chromium', 'firefox']) {
      const glue = readFileSync(join(DIST, browser, 'pkg/turnback.js'), 'utf8');
      const imports = [...glue.matchAll(/^import .* from ["'](\.\/[^"']+)["']/gm)].map((m) => m[1]);
      assert.ok(imports.some((i) => i.startsWith('./snippets/')), `${browser}: the glue imports its snippets`);
      for (const i of imports) assert.ok(existsSync(join(DIST, browser, 'pkg', i)), `${browser}: pkg/${i.slice(2)}`);
    }
  });

  test('the store packages hold exactly the unpacked files, the manifest without `key`, not a development build', () => {
    for (const [browser, name] of [
      ['chromium', 'turnback-chromium.zip'],
      ['firefox', 'turnback-firefox.xpi'],
    ]) {
      const files = unzip(readFileSync(join(DIST, name)));
      const unpacked = listFiles(join(DIST, browser));
      assert.deepEqual([...files.keys()], unpacked, `${name}: the same files, sorted`);
      const flavour = 'src/shared/flavour.js';
      for (const file of unpacked.filter((f) => f !== 'manifest.json' && f !== flavour)) {
        assert.deepEqual(files.get(file), readFileSync(join(DIST, browser, file)), `${name}: ${file}`);
      }
      // flavour.test.mjs checks what this turns off.
      const development = readFileSync(join(DIST, browser, flavour), 'utf8');
      assert.match(development, /^export const DEVELOPMENT_BUILD = true;$/m, `${browser}: a development build`);
      assert.equal(
        files.get(flavour).toString('utf8'),
        development.replace('DEVELOPMENT_BUILD = true', 'DEVELOPMENT_BUILD = false'),
        `${name}: not a development build, otherwise the same module`,
      );
      // The Chrome Web Store refuses a manifest with `key`; the unpacked
      // Chromium build keeps it for its stable id.
      const packed = JSON.parse(files.get('manifest.json').toString('utf8'));
      assert.equal(packed.key, undefined, `${name}: no key`);
      const { key, ...rest } = manifest(browser);
      assert.deepEqual(packed, rest, `${name}: otherwise the unpacked manifest`);
      assert.equal(Boolean(key), browser === 'chromium', `${browser}: key only in the unpacked Chromium build`);
    }
  });

  test('the store packages are reproducible: a second build writes the same bytes', () => {
    const other = mkdtempSync(join(tmpdir(), 'turnback-build-'));
    try {
      execFileSync(process.execPath, [join(REPO, 'extension/build.mjs'), '--out', other], { stdio: 'ignore' });
      for (const name of ['turnback-chromium.zip', 'turnback-firefox.xpi']) {
        assert.ok(readFileSync(join(other, name)).equals(readFileSync(join(DIST, name))), name);
      }
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  test('zip round trip: deflated and stored entries, UTF-8 names', () => {
    const files = [
      { name: 'a/b.txt', data: Buffer.from('hello '.repeat(100)) },
      { name: 'ü.bin', data: Buffer.from([1]) },
    ];
    const back = unzip(zip(files));
    assert.deepEqual([...back.keys()], ['a/b.txt', 'ü.bin']);
    assert.deepEqual(back.get('a/b.txt'), files[0].data);
    assert.deepEqual(back.get('ü.bin'), files[1].data);
  });
});

describe('pure helpers', () => {
  test('until() gives up at its deadline even when the awaited call never settles', async () => {
    const never = () => new Promise(() => {});
    await assert.rejects(until(never, 'a call that hangs', 50), /timed out waiting for a call that hangs/);
    let calls = 0;
    assert.equal(await until(() => ++calls >= 3 && 'done', 'the third call', 5_000), 'done');
  });

  test('closePage() returns at its deadline when the page never closes, at once when it does', async () => {
    const hangs = { close: () => new Promise(() => {}) };
    const started = Date.now();
    await closePage(hangs, 50);
    assert.ok(Date.now() - started < scaled(5_000), 'it gave up');
    let closed = false;
    await closePage({ close: async () => { closed = true; } }, 60_000);
    assert.ok(closed);
    await closePage({ close: () => Promise.reject(new Error('target closed')) }, 60_000);
  });

  test('the warning page query holds only kind and the token', () => {
    const t = '0123456789abcdef0123456789abcdef';
    assert.equal(warningQuery({ matched: true, kind: 'url', category: 'demo-media' }, t), `?kind=page&t=${t}`);
    assert.equal(warningQuery({ matched: true, kind: 'keyword', category: 'default' }, t), `?kind=search&t=${t}`);
    assert.equal(warningQuery({ matched: true, kind: 'combination' }, t), `?kind=search&t=${t}`);
  });

  test('exact-URL filters: anchored, no fragment, none where DNR syntax cannot say it', () => {
    assert.equal(exactFilter('https://a.test/p?q=1#frag'), '|https://a.test/p?q=1|');
    assert.equal(exactFilter('https://a.test/p*x'), null);
    assert.equal(exactFilter('https://a.test/p^x'), null);
    assert.equal(exactFilter('https://a.test/p|x'), null);
    assert.equal(exactFilter('https://a.test/ü'), null);
  });
});
