// Cold start: the first navigation after the browser starts. A browser
// opens a listed page as its very first web navigation, as soon as it
// listens (see coldstart-scenario.mjs): the extension's worker is then
// still starting, and Chromium tells it about the navigation only after the
// request went out.
//
// Fresh profile (the extension installs as the browser starts): it must
// still end on the warning page (asserted). Whether the page ran first is
// the first-visit race of beacon.test.mjs at its worst: the worker often
// starts after the page has run, before any rule of the extension exists.
// That test is a `todo` on Chromium: it prints the count without failing.
//
// Restart (the extension installed before): the startup block (dnr.js,
// startup.js), in force from the browser start, keeps the page from
// loading anything until the worker has decided, so here it must never run;
// a benign page still loads whole (reloaded once the block is lifted). With a
// downloaded list stored, a search only that list holds must be caught too:
// the block waits for the stored list, not the packaged one the worker
// starts on.
// `make bench-extension` measures more starts (extension/README.md).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchExtension, startServer, until } from './harness.mjs';
import { coldStart, installedProfile, spread } from './coldstart-scenario.mjs';
import { DEMO_KEY, NEW_PHRASE, makeLists } from './lists/fixtures.mjs';

const FRESH_STARTS = 5;
const RESTARTS = 3;

/** One line on what the starts showed. */
function report(what, results) {
  const warned = results.filter((r) => r.warned);
  const ms = spread(warned.map((r) => r.warningMs));
  const toMs = spread(warned.map((r) => r.warningMs - r.openMs));
  console.log(
    `# ${results.length} ${what}: warning in ${warned.length}` +
      (ms ? ` (${ms.min}–${ms.max} ms after the browser started, ${toMs.min}–${toMs.max} ms after the tab was opened)` : '') +
      `; the listed URL reached the server in ${results.filter((r) => r.reachedServer).length}, ` +
      `the page ran in ${results.filter((r) => r.ran).length}`,
  );
}

describe('cold start: the first navigation after the browser starts (Chromium)', () => {
  let server;
  let profile;
  const fresh = [];
  const restarts = [];
  let benign;
  before(async () => {
    server = await startServer();
    for (let i = 0; i < FRESH_STARTS; i++) fresh.push(await coldStart(server));
    report('fresh starts', fresh);
    profile = await installedProfile(server);
    for (let i = 0; i < RESTARTS; i++) restarts.push(await coldStart(server, { profile }));
    report('restarts', restarts);
    benign = await coldStart(server, { profile, benign: true });
  });
  after(async () => {
    if (profile) rmSync(profile, { recursive: true, force: true });
    await server?.close();
  });

  test(`in ${FRESH_STARTS} fresh browsers the first navigation, to a listed page, ends on the warning page`, () => {
    assert.deepEqual(
      fresh.map((r) => (r.warned ? r.kind : r.error)),
      Array(FRESH_STARTS).fill('page'),
    );
  });

  test(
    'the listed page never runs on the first start of a fresh profile',
    { todo: 'the page often runs before Chromium starts the new extension\'s worker (extension/README.md)' },
    () => {
      assert.deepEqual(
        fresh.map((r) => r.ran),
        Array(FRESH_STARTS).fill(false),
      );
    },
  );

  test(`in ${RESTARTS} restarts the first navigation, to a listed page, ends on the warning page and never runs`, () => {
    assert.deepEqual(
      restarts.map((r) => (r.warned ? r.kind : r.error)),
      Array(RESTARTS).fill('page'),
    );
    assert.deepEqual(
      restarts.map((r) => r.ran),
      Array(RESTARTS).fill(false),
    );
  });

  test('after a restart a benign first page loads whole and stays', () => {
    assert.equal(benign.error, undefined);
    assert.equal(benign.ran, true, 'its beacon came');
    assert.equal(benign.warned, false);
  });
});

describe('cold start with a downloaded list stored (Chromium)', () => {
  let server;
  let fx;
  let profile;
  let result;
  before(async () => {
    fx = makeLists();
    server = await startServer();
    const listUrl = server.file(fx.lists.seq3, 'application/octet-stream', 'lists.turnback.test');
    profile = mkdtempSync(join(tmpdir(), 'turnback-cold-'));
    const ext = await launchExtension(server, { userDataDir: profile });
    try {
      const worker = ext.context.serviceWorkers().at(-1);
      await worker.evaluate(([url, key]) => chrome.storage.local.set({ settings: { listUrl: url, publicKey: key } }), [
        listUrl,
        DEMO_KEY,
      ]);
      const stored = () => worker.evaluate(() => chrome.storage.local.getBytesInUse('list'));
      await until(async () => (await stored()) > 0, 'the downloaded list to be stored', 20_000);
    } finally {
      await ext.close();
    }
    result = await coldStart(server, { profile, search: NEW_PHRASE });
  });
  after(async () => {
    if (profile) rmSync(profile, { recursive: true, force: true });
    await server?.close();
    fx?.cleanup();
  });

  test('after a restart, a first search only the stored list holds ends on the warning page and never runs', () => {
    assert.equal(result.error, undefined);
    assert.equal(result.kind, 'search');
    assert.equal(result.ran, false);
  });
});
