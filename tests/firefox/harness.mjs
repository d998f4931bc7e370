// Shared set-up for the Firefox extension tests: Debian's firefox-esr driven
// headless by selenium-webdriver through the pinned geckodriver (.tools/),
// extension/dist/firefox installed as a temporary add-on, and every request
// the browser makes sent through a loopback proxy (proxy.mjs) to the
// recording test server the Chromium tests use (tests/extension/server.mjs).
// FIREFOX_TIMING=1 prints how long start, add-on install and readiness took.
// Not a test file itself.

import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Browser, Builder } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { scaled } from '../deadline.mjs';
import { startServer } from '../extension/server.mjs';
import { startProxy } from './proxy.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.FIREFOX_EXTENSION ?? join(REPO, 'extension/dist/firefox');
export const ARTIFACTS = join(REPO, 'target/e2e-artifacts');
export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
export const GECKODRIVER = process.env.GECKODRIVER ?? join(REPO, '.tools/geckodriver-0.37.1/bin/geckodriver');
/** The add-on's id (browser_specific_settings.gecko.id in the Firefox build). */
export const ADDON_ID = 'turnback@turnback.example';
export { scaled };

/** Runs Firefox in a mount namespace of its own with a given policies.json. */
const POLICY_WRAPPER = join(REPO, 'tests/firefox/firefox-policy.sh');

/** Path of the extension's warning page inside its moz-extension:// origin. */
const WARNING_PATH = '/pages/warning.html';

let counter = 0;
/** A fresh token (letters and digits) so each URL in a run is unique and traceable. */
export const nonce = (label = 'n') => `${label}${Date.now().toString(36)}${(++counter).toString(36)}`;

/** `url` without its scheme, the form the server's requestsTo / beaconsFrom take. */
export const hostPath = (url) => url.replace(/^https?:\/\//, '');

function options(proxyPort, { lang, prefs: extraPrefs = {}, binary = FIREFOX }) {
  const o = new firefox.Options()
    .setBinary(binary)
    .addArguments('-headless')
    .windowSize({ width: 1024, height: 768 })
    .setAcceptInsecureCerts(true); // the test server's throwaway certificate
  const prefs = {
    // Every request, whatever its host, goes through the proxy to the
    // recording server: test hosts need no DNS and nothing goes unseen.
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    // Test URLs are plain HTTP on real search-engine names: no HTTPS-first
    // upgrade attempts and no HSTS preload list between them and the server.
    'dom.security.https_first': false,
    'dom.security.https_first_schemeless': false,
    'network.stricttransportsecurity.preloadlist': false,
    // Firefox's own background traffic off (see also MOZ_REMOTE_SETTINGS_DEVTOOLS
    // below), so that every recorded request is the tests' or the extension's.
    'services.settings.server': 'data:,#remote-settings-off/v1',
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
  };
  if (lang) {
    // The UI language, which the extension's i18n follows, needs Debian's
    // language pack (firefox-esr-l10n-*), which Firefox finds in its app directory.
    prefs['intl.locale.requested'] = lang;
    prefs['intl.accept_languages'] = lang;
  }
  Object.assign(prefs, extraPrefs);
  for (const [k, v] of Object.entries(prefs)) o.setPreference(k, v);
  return o;
}

/**
 * Resolves once `fn()` is truthy, asking every `every` ms; rejects with
 * `what` after `ms`, a deadline the caller passes unscaled (it is scaled
 * here: tests/deadline.mjs).
 */
export async function until(fn, what, ms = 10_000, every = 25) {
  const end = Date.now() + scaled(ms);
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, every));
  }
}

/** True when `url` is the extension's warning page. */
export const isWarning = (url) => url.startsWith('moz-extension://') && new URL(url).pathname === WARNING_PATH;

/**
 * A folder to bind over Firefox's distribution folder (firefox-policy.sh):
 * a copy of what the installation ships there, plus `policies.json`.
 * @returns {string}
 */
function policyDistribution(policies) {
  const dir = mkdtempSync(join(tmpdir(), 'turnback-ff-policy-'));
  const shipped = join(dirname(realpathSync(FIREFOX)), 'distribution');
  if (existsSync(shipped)) cpSync(realpathSync(shipped), dir, { recursive: true });
  writeFileSync(join(dir, 'policies.json'), JSON.stringify({ policies }));
  return dir;
}

/**
 * Starts the recording server, the proxy and headless Firefox with the
 * extension, then waits until the extension decides navigations: a URL under
 * a listed host lands on moz-extension://. The server's record is emptied
 * after that. `lang` sets the browser UI language (e.g. 'ar'); `prefs` adds
 * or overrides profile preferences; `systemAccess` lets the test switch to
 * Marionette's chrome context (`driver.setContext('chrome')`) to read the
 * browser's own state; `extension` is the add-on directory (default DIST);
 * `policies` is an enterprise policy object (policies.json's `policies`),
 * which this Firefox alone reads (tests/firefox/firefox-policy.sh).
 * @param {{ lang?: string, prefs?: Record<string, string | number | boolean>, systemAccess?: boolean, extension?: string,
 *   policies?: object }} [options]
 * @returns {Promise<{ driver: import('selenium-webdriver').WebDriver, server: object, close: () => Promise<void> }>}
 */
export async function launchFirefox({ lang, prefs, systemAccess = false, extension = DIST, policies } = {}) {
  for (const [what, path] of [
    ['Firefox (make firefox-tools)', FIREFOX],
    ['geckodriver (make firefox-tools)', GECKODRIVER],
    ['the Firefox build of the extension (make extension)', join(extension, 'manifest.json')],
  ]) {
    if (!existsSync(path)) throw new Error(`${what} is missing: ${path}`);
  }
  const server = await startServer();
  const proxy = await startProxy(server.port);
  const policyDir = policies ? policyDistribution(policies) : null;
  const env = { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' };
  if (policyDir) Object.assign(env, { TURNBACK_FIREFOX_DIST: policyDir, TURNBACK_FIREFOX: FIREFOX });
  let driver;
  const close = async () => {
    await driver?.quit().catch(() => {});
    await proxy.close();
    await server.close();
    if (policyDir) rmSync(policyDir, { recursive: true, force: true });
  };
  try {
    const tb = Date.now();
    driver = await new Builder()
      .forBrowser(Browser.FIREFOX)
      .setFirefoxOptions(options(proxy.port, { lang, prefs, binary: policyDir ? POLICY_WRAPPER : FIREFOX }))
      .setFirefoxService(
        // Release builds ignore services.settings.server without
        // MOZ_REMOTE_SETTINGS_DEVTOOLS; geckodriver passes it on to Firefox.
        new firefox.ServiceBuilder(GECKODRIVER)
          .setEnvironment(env)
          .addArguments(...(systemAccess ? ['--allow-system-access'] : [])),
      )
      .build();
    // WebDriver's own limits (script 30 s, page load 300 s) scaled as well.
    await driver.manage().setTimeouts({ script: scaled(30_000), pageLoad: scaled(300_000) });
    if (process.env.FIREFOX_TIMING) console.error(`firefox start ${Date.now() - tb} ms`);
    const t0 = Date.now();
    await driver.installAddon(extension, true);
    const t1 = Date.now();
    // Blocking webRequest decides only once the background script has
    // registered; until then this listed URL loads the server's trap page,
    // a request that is forgotten below. The tab that raced the extension's
    // start is closed: the tests begin in a fresh one.
    const first = await driver.getWindowHandle();
    let tries = 0;
    await until(
      async () => {
        await driver.get(`http://ready.blocked.turnback.test/ready/${++tries}`);
        return isWarning(await driver.getCurrentUrl());
      },
      'the extension to stop a listed URL',
      20_000,
      100,
    );
    await driver.switchTo().newWindow('tab');
    const fresh = await driver.getWindowHandle();
    await driver.switchTo().window(first);
    await driver.close();
    await driver.switchTo().window(fresh);
    if (process.env.FIREFOX_TIMING) console.error(`install ${t1 - t0} ms, ready ${Date.now() - t1} ms after ${tries} tries`);
    server.clear();
    return { driver, server, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Waits until the tab shows the warning page; returns its query parameters.
 * Rejects naming the URL the tab stayed on.
 * @param {import('selenium-webdriver').WebDriver} driver
 * @param {number} [ms] deadline, unscaled (as until's)
 */
export async function waitForWarning(driver, ms = 10_000) {
  let last = '';
  try {
    await until(async () => isWarning((last = await driver.getCurrentUrl())), 'the warning page', ms);
  } catch {
    throw new Error(`the tab did not reach the warning page; it is on ${last}`);
  }
  return new URL(last).searchParams;
}

/** Waits `ms` (scaled), so a request or navigation that should not happen had time to. */
export const settle = (ms = 300) => new Promise((ok) => setTimeout(ok, scaled(ms)));

/**
 * Runs `script` in Firefox's privileged chrome context (the browser needs
 * `systemAccess` from launchFirefox), then returns the driver to the page.
 * @param {import('selenium-webdriver').WebDriver} driver
 */
export async function inChrome(driver, script, ...args) {
  await driver.setContext(firefox.Context.CHROME);
  try {
    return await driver.executeScript(script, ...args);
  } finally {
    await driver.setContext(firefox.Context.CONTENT);
  }
}

/** Saves a PNG screenshot of the current tab as target/e2e-artifacts/`name`. */
export async function screenshot(driver, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, name);
  writeFileSync(file, Buffer.from(await driver.takeScreenshot(), 'base64'));
  return file;
}
