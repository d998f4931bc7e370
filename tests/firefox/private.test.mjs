// Private windows (Firefox). Since Firefox 67 an add-on runs in private
// windows only when allowed, and a new install is not (a temporary one, as
// here, neither): so by default a private window is not checked. On a
// managed device the enterprise policy ExtensionSettings with
// `"private_browsing": true` for the add-on's id allows it there (and locks
// the switch); PrivateBrowsingModeAvailability 1 (or the older
// DisablePrivateBrowsing) removes private windows instead. Each policy here
// is a real policies.json that this Firefox alone reads, bound over its
// distribution folder in a mount namespace (tests/firefox/firefox-policy.sh).
// The private window is opened through Marionette's chrome context, as the
// browser's own "New private window" does (OpenBrowserWindow).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADDON_ID, hostPath, inChrome, isWarning, launchFirefox, nonce, scaled, until, waitForWarning } from './harness.mjs';

/**
 * Opens a new window (private when Firefox allows one) through the browser's
 * own command, switches the driver to it and says whether it is private.
 * @returns {Promise<boolean>}
 */
async function openPrivateWindow(driver) {
  const known = new Set(await driver.getAllWindowHandles());
  await inChrome(driver, 'OpenBrowserWindow({ private: true });');
  const handle = await until(async () => (await driver.getAllWindowHandles()).find((h) => !known.has(h)), 'the new window');
  await driver.switchTo().window(handle);
  return inChrome(driver, `
    const { PrivateBrowsingUtils } = ChromeUtils.importESModule('resource://gre/modules/PrivateBrowsingUtils.sys.mjs');
    return PrivateBrowsingUtils.isWindowPrivate(Services.wm.getMostRecentWindow('navigator:browser'));
  `);
}

describe('private window by default (Firefox): not checked', { timeout: scaled(5 * 60_000) }, () => {
  let ff;
  before(async () => {
    ff = await launchFirefox({ systemAccess: true });
  });
  after(async () => ff?.close());

  test('a listed page in a private window loads and runs', async () => {
    const { driver, server } = ff;
    assert.equal(await openPrivateWindow(driver), true, 'the window is private');
    const url = `http://blocked.turnback.test/private/${nonce('default')}.html`;
    await driver.get(url);
    await until(() => server.beaconsFrom(hostPath(url)).length > 0, 'the listed page to run');
    assert.equal(await driver.getCurrentUrl(), url);
  });
});

describe('private window with ExtensionSettings private_browsing, a real policies.json (Firefox): checked', { timeout: scaled(5 * 60_000) }, () => {
  let ff;
  before(async () => {
    ff = await launchFirefox({ systemAccess: true, policies: { ExtensionSettings: { [ADDON_ID]: { private_browsing: true } } } });
  });
  after(async () => ff?.close());

  test('a listed page in a private window ends on the warning page, never requested', async () => {
    const { driver, server } = ff;
    assert.equal(await openPrivateWindow(driver), true, 'the window is private');
    const url = `http://blocked.turnback.test/private/${nonce('allowed')}.html`;
    await driver.get(url);
    const params = await waitForWarning(driver);
    assert.equal(params.get('kind'), 'page');
    assert.deepEqual(server.requestsTo(hostPath(url)), []);
  });

  test('the warning page there shows help links', async () => {
    const { driver } = ff;
    assert.ok(isWarning(await driver.getCurrentUrl()));
    const links = await until(() => driver.executeScript("return document.getElementById('help')?.hidden === false && document.querySelectorAll('#resources a').length"), 'the help links');
    assert.ok(links > 0);
  });

  test('a listed search in the private window ends on the warning page, never requested', async () => {
    const { driver, server } = ff;
    const q = nonce('zorblax');
    await driver.get(`https://duckduckgo.com/?q=zorblax+${q}`);
    const params = await waitForWarning(driver);
    assert.equal(params.get('kind'), 'search');
    assert.deepEqual(server.requests.filter((r) => r.path.includes(q)), []);
  });
});

describe('PrivateBrowsingModeAvailability 1, a real policies.json (Firefox): no private window', { timeout: scaled(5 * 60_000) }, () => {
  let ff;
  before(async () => {
    ff = await launchFirefox({ systemAccess: true, policies: { PrivateBrowsingModeAvailability: 1 } });
  });
  after(async () => ff?.close());

  test('asking for a private window opens a normal one, where a listed page is stopped', async () => {
    const { driver, server } = ff;
    assert.equal(await openPrivateWindow(driver), false, 'the window is not private');
    const url = `http://blocked.turnback.test/private/${nonce('unavailable')}.html`;
    await driver.get(url);
    await waitForWarning(driver);
    assert.deepEqual(server.requestsTo(hostPath(url)), []);
  });
});
