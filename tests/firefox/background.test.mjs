// Firefox: a suspended background loses nothing. Firefox runs the MV3
// background as an event page and suspends it when idle
// (extensions.background.idle.timeout, 30 s by default; short here). The
// test reads the add-on's background state from Firefox itself (Marionette's
// chrome context) to prove each navigation below starts from a suspended
// background and is what wakes it; the listed URL must still never be
// requested and the tab must end on the warning page, twice over, so both a
// first and a second wake-up are covered.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADDON_ID, hostPath, inChrome, launchFirefox, nonce, settle, until, waitForWarning } from './harness.mjs';

// Short enough for the test, longer than a navigation takes: a background
// that is about to decide is not suspended under it (and Firefox holds a
// suspension while a listener's promise is pending anyway).
const IDLE_MS = 1500;

let ff;
before(async () => {
  ff = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': IDLE_MS }, systemAccess: true });
  // Count the add-on's idle suspensions and background starts as Firefox
  // reports them (the events behind about:debugging's Running / Stopped).
  await inChrome(
    ff.driver,
    `const ext = WebExtensionPolicy.getByID(arguments[0]).extension;
     const seen = (window.__turnbackBackground = { suspends: [], starts: [] });
     ext.on('background-script-suspend', () => seen.suspends.push(Date.now()));
     ext.on('background-script-started', () => seen.starts.push(Date.now()));`,
    ADDON_ID,
  );
});
after(async () => {
  await ff?.close();
});

/** The add-on's background state ('running', 'stopped', …) and the events counted so far. */
const background = () =>
  inChrome(
    ff.driver,
    `return { state: WebExtensionPolicy.getByID(arguments[0]).extension.backgroundState,
              ...window.__turnbackBackground };`,
    ADDON_ID,
  );

/**
 * Waits until Firefox has suspended the background for idleness once more
 * than `before` suspensions; returns the state then.
 */
async function suspended(before) {
  return until(
    async () => {
      const bg = await background();
      return bg.state === 'stopped' && bg.suspends.length > before && bg;
    },
    'Firefox to suspend the idle background',
    IDLE_MS * 10,
    100,
  );
}

/**
 * Proves the background is suspended, runs `go` (a navigation), and returns
 * once the background has started again: the navigation woke it.
 */
async function fromSuspended(go) {
  const prior = await background();
  const asleep = await suspended(prior.suspends.length);
  const t0 = Date.now();
  await go();
  const awake = await until(
    async () => {
      const bg = await background();
      return bg.starts.length > asleep.starts.length && bg;
    },
    'the navigation to wake the background',
  );
  assert.equal(awake.starts.length, asleep.starts.length + 1, 'the background started once');
  assert.ok(awake.starts.at(-1) >= t0, 'the background started only after the navigation began');
}

/** The tab ends on the warning page and `url` was never requested (so never ran). */
async function assertStopped(url, kind) {
  const params = await waitForWarning(ff.driver);
  assert.equal(params.get('kind'), kind);
  await settle(200);
  assert.deepEqual(ff.server.requestsTo(hostPath(url)), [], 'the listed request was sent');
  assert.deepEqual(ff.server.beaconsFrom(hostPath(url)), [], 'the listed page ran');
}

for (const round of ['first', 'second']) {
  describe(`${round} wake-up of a suspended background`, () => {
    test('a typed listed URL ends on the warning page and is never requested', async () => {
      const url = `http://blocked.turnback.test/${round}/${nonce()}.html`;
      await fromSuspended(() => ff.driver.get(url));
      await assertStopped(url, 'page');
    });

    test('a listed search ends on the warning page and is never requested', async () => {
      // "z0rbl@x": the demo keyword in leet spelling, so the woken engine
      // normalizes too, not only looks up.
      const url = `https://duckduckgo.com/?q=z0rbl%40x&t=${nonce()}`;
      await fromSuspended(() => ff.driver.get(url));
      await assertStopped(url, 'search');
    });

    test('a benign page loads untouched and runs', async () => {
      const url = `http://www.turnback.test/open/${round}/${nonce()}.html`;
      await fromSuspended(() => ff.driver.get(url));
      assert.equal(await ff.driver.getCurrentUrl(), url);
      assert.equal(ff.server.requestsTo(hostPath(url)).length, 1);
      await until(() => ff.server.beaconsFrom(hostPath(url)).length >= 2, 'the benign page beacons (img and script)');
    });
  });
}
