// Shared set-up for the extension tests (CORE; LISTS and FIREFOX reuse it):
// Debian's Chromium with extension/dist/chromium loaded, every host mapped to
// the recording loopback server, and helpers to wait for the warning page.
// Not a test file itself.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { scaled } from '../deadline.mjs';
import { ARGS, CHROMIUM } from '../e2e/chromium.mjs';
import { startServer } from './server.mjs';

export { scaled, startServer };
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = join(REPO, 'extension/dist/chromium');
export const ARTIFACTS = join(REPO, 'target/e2e-artifacts');
export const AXE = join(REPO, 'node_modules/axe-core/axe.min.js');

/**
 * Polling interval and default patience for the waits below, on an idle
 * machine: until() scales every deadline it is given (tests/deadline.mjs).
 */
const POLL_MS = 20;
const WAIT_MS = 10_000;
/** How long closePage() waits for a page to close before leaving it open. */
const CLOSE_MS = 10_000;

/** Runs Chromium in a mount namespace of its own with a given machine policy. */
const POLICY_WRAPPER = join(REPO, 'tests/extension/chromium-policy.sh');
/** Switches that would keep a policy's extension from being downloaded or run. */
const NO_BACKGROUND = ['--disable-background-networking', '--disable-component-update'];
const NO_POLICY_INSTALL = [...NO_BACKGROUND, '--disable-extensions'];

/** The environment that makes Chromium's UI language `lang` (e.g. 'ar'). */
export function langEnv(lang) {
  return { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: `${lang.replace('-', '_')}.UTF-8` };
}

/**
 * The extension (unless null), every host resolved to `server` but those in
 * `direct` (reached as they are, e.g. '127.0.0.1' for another loopback
 * server: the rule maps IP literals too), the UI in `lang`.
 */
function extensionFlags(server, { lang, dist, direct = [] }) {
  const exclude = direct.map((host) => `, EXCLUDE ${host}`).join('');
  return [
    ...(dist ? [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`] : []),
    `--host-resolver-rules=MAP * 127.0.0.1:${server.port}${exclude}`,
    '--ignore-certificate-errors',
    `--lang=${lang}`,
  ];
}

/**
 * Chromium's flags for the extension tests, for a browser started without
 * Playwright (coldstart-scenario.mjs): the built extension loaded, every
 * host resolved to `server`, the UI in `lang`.
 * @param {{ port: number }} server
 * @param {{ lang?: string, dist?: string }} [options]
 */
export function extensionArgs(server, { lang = 'en-US', dist = DIST } = {}) {
  return [...ARGS, ...extensionFlags(server, { lang, dist })];
}

/**
 * Chromium with the built extension, every host resolved to `server`.
 * @param {{ port: number }} server
 * @param {{ lang?: string, dist?: string | null, policy?: object, extensionId?: string,
 *   userDataDir?: string, direct?: string[] }} [options]
 *   lang: browser UI language, e.g. 'ar'; dist: the unpacked extension to load, or null when
 *   the policy installs it; policy: Chromium machine policy (tests/extension/chromium-policy.sh
 *   gives this browser alone a /etc/chromium with it); extensionId: the id to wait for, when
 *   more than one worker may start; userDataDir: a browser profile to use and keep (default:
 *   a fresh one, removed on close); direct: hosts not mapped to `server`
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, extensionId: string,
 *   warningPrefix: string, close: () => Promise<void> }>}
 */
export async function launchExtension(
  server,
  { lang = 'en-US', dist = DIST, policy, extensionId: wanted, userDataDir, direct } = {},
) {
  if (dist && !existsSync(join(dist, 'manifest.json'))) {
    throw new Error(`${dist} is missing: run \`make extension\` first`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'turnback-ext-'));
  const env = langEnv(lang);
  if (policy) {
    const managed = join(profile, 'etc-chromium/policies/managed');
    mkdirSync(managed, { recursive: true });
    writeFileSync(join(managed, 'turnback-test.json'), JSON.stringify(policy));
    Object.assign(env, { TURNBACK_POLICY_DIR: join(profile, 'etc-chromium'), TURNBACK_CHROMIUM: CHROMIUM });
  }
  const context = await chromium.launchPersistentContext(userDataDir ?? join(profile, 'user-data'), {
    executablePath: policy ? POLICY_WRAPPER : CHROMIUM,
    headless: true,
    timeout: scaled(60_000),
    locale: lang,
    ignoreHTTPSErrors: true,
    env,
    ignoreDefaultArgs: policy ? NO_POLICY_INSTALL : undefined,
    args: [...(policy ? ARGS.filter((a) => !NO_BACKGROUND.includes(a)) : ARGS), ...extensionFlags(server, { lang, dist, direct })],
  });
  // Every Playwright wait fails within 20 s (scaled) instead of the 30 s
  // default, so a stuck step shows where it stuck.
  context.setDefaultTimeout(scaled(20_000));
  context.setDefaultNavigationTimeout(scaled(20_000));
  const ours = (w) => !wanted || new URL(w.url()).host === wanted;
  // A policy install downloads the extension first: give it longer.
  const worker = await until(() => context.serviceWorkers().find(ours), 'the extension worker', dist ? WAIT_MS : 60_000);
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    warningPrefix: `chrome-extension://${extensionId}/pages/warning.html`,
    async close() {
      // A browser that will not close must not hang the suite.
      const gaveUp = new Promise((ok) => setTimeout(ok, scaled(20_000)).unref());
      await Promise.race([context.close().catch(() => {}), gaveUp]);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The set-up most test files share: in the calling `describe`, starts the
 * recording server and Chromium with the extension before the tests and
 * stops both after. Read `env.server` / `env.ext` inside the tests.
 * @param {{ lang?: string }} [options] passed to launchExtension
 */
export function useExtension(options) {
  const env = { server: null, ext: null };
  before(async () => {
    env.server = await startServer();
    env.ext = await launchExtension(env.server, options);
    // These tests are about a running browser: wait until the extension has
    // lifted its startup block (its one session `allow` rule, startup.js), or
    // the first page a test opens may load while blocked and be reloaded when
    // it lifts (coldstart.test.mjs tests that phase).
    await until(() => startupLifted(env.ext.worker), 'the startup block to lift');
  });
  after(async () => {
    await env.ext?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * Whether the extension's worker has lifted its startup block (its one
 * session `allow` rule, startup.js): it has its list and has checked the
 * open tabs.
 * @param {import('playwright-core').Worker} worker
 */
export function startupLifted(worker) {
  return worker.evaluate(async () => (await chrome.declarativeNetRequest.getSessionRules()).some((r) => r.action.type === 'allow'));
}

/**
 * Resolves once `fn()` is truthy; rejects with `what` after `ms`, a deadline
 * the caller passes unscaled (it is scaled here: tests/deadline.mjs).
 */
export async function until(fn, what, ms = WAIT_MS) {
  const end = Date.now() + scaled(ms);
  const late = () => new Error(`timed out waiting for ${what}`);
  for (;;) {
    // A call that never settles (e.g. an evaluate in a worker that went
    // away) must not outlive the deadline.
    let timer;
    const giveUp = new Promise((_, fail) => {
      timer = setTimeout(() => fail(late()), Math.max(0, end - Date.now()) + POLL_MS);
    });
    const value = await Promise.race([fn(), giveUp]).finally(() => clearTimeout(timer));
    if (value) return value;
    if (Date.now() > end) throw late();
    await new Promise((ok) => setTimeout(ok, POLL_MS));
  }
}

/**
 * Waits until `page` shows the warning page and returns its query
 * parameters. Polls page.url(): a redirected goto rejects with ERR_ABORTED.
 * @param {import('playwright-core').Page} page
 * @param {string} warningPrefix from launchExtension
 * @param {number} [ms] deadline, unscaled (as until's)
 */
export async function waitForWarning(page, warningPrefix, ms = WAIT_MS) {
  const url = await until(() => page.url().startsWith(warningPrefix) && page.url(), 'the warning page', ms);
  return new URL(url).searchParams;
}

/**
 * Waits until `page` shows the warning page itself. Going back or forward to
 * an entry rewritten in place to the warning page first commits the
 * browser's error page under the warning page's URL (warning-entry.js); the
 * worker then sends the tab on, and the next step must wait for that or it
 * races the worker's navigation.
 * @param {import('playwright-core').Page} page
 * @param {string} warningPrefix from launchExtension
 */
export async function warningShown(page, warningPrefix) {
  const params = await waitForWarning(page, warningPrefix);
  await until(() => page.evaluate(() => document.getElementById('back') !== null).catch(() => false), 'the warning page to render');
  return params;
}

/**
 * Closes `page`, giving up after a deadline. Playwright's page.close() can
 * wait forever for a tab closed while the worker sends it on to the warning
 * page (seen in CI: the warning page committed twice, the close in between
 * never returned and held its test file until the suite's 10-minute
 * timeout). A page left open goes with its browser.
 * @param {{ close: () => Promise<unknown> }} page
 * @param {number} [ms] deadline, unscaled (as until's)
 */
export async function closePage(page, ms = CLOSE_MS) {
  let timer;
  const gaveUp = new Promise((ok) => {
    timer = setTimeout(ok, scaled(ms));
  });
  await Promise.race([page.close().catch(() => {}), gaveUp]).finally(() => clearTimeout(timer));
}

/**
 * Waits `ms` (scaled: tests/deadline.mjs), so that a request, beacon or
 * redirect that should not happen has had time to; for what should happen,
 * wait on it with until().
 * @param {number} ms
 */
export const settle = (ms) => new Promise((ok) => setTimeout(ok, scaled(ms)));

/** Navigates without failing on the aborts a redirect to the warning page causes. */
export async function go(page, url) {
  await page.goto(url, { waitUntil: 'commit', timeout: scaled(WAIT_MS) }).catch(() => {});
}

/**
 * Stops the extension's service worker through CDP (what the browser does
 * to an idle worker) and resolves once it reports `stopped`. The next event
 * starts a fresh worker with fresh module globals.
 * @param {import('playwright-core').BrowserContext} context
 * @param {import('playwright-core').Page} page any open page (the CDP session's target)
 */
export async function stopServiceWorker(context, page) {
  const cdp = await context.newCDPSession(page);
  const versions = new Map();
  // Recorded as it happens: an event due at once (an alarm) can start the
  // worker again before a poll of its latest state would see it stopped.
  let stopping = null;
  let stopped = false;
  cdp.on('ServiceWorker.workerVersionUpdated', (e) =>
    e.versions.forEach((v) => {
      versions.set(v.versionId, v);
      if (v.versionId === stopping && v.runningStatus === 'stopped') stopped = true;
    }),
  );
  await cdp.send('ServiceWorker.enable');
  const ours = () => [...versions.values()].find((v) => v.scriptURL.startsWith('chrome-extension://'));
  const version = await until(ours, 'the extension worker in CDP');
  stopping = version.versionId;
  await cdp.send('ServiceWorker.stopWorker', { versionId: version.versionId });
  await until(() => stopped, 'the worker to stop');
  await cdp.detach();
}

/** Where the screenshots and other test outputs go. */
export function artifactsDir() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/**
 * Pauses the extension's service worker in the debugger (CDP
 * `Debugger.pause` on its target, through `page`'s session): it then
 * handles no event and answers no message from the next one it gets on, as
 * a worker that is busy or stuck, until `resume()` or until it is stopped.
 * @param {import('playwright-core').BrowserContext} context
 * @param {import('playwright-core').Page} page any open page (the CDP session's target)
 * @param {{ file: string, text: string }} [at] pause only when the worker reaches
 *   the first line of `file` (in the built extension) holding `text`
 * @returns {Promise<{ paused: () => boolean, resume: () => Promise<void> }>}
 */
export async function pauseServiceWorker(context, page, at) {
  const cdp = await context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
  if (!worker) throw new Error('no extension service worker to pause');
  // A session of its own on the worker, spoken to through the page's session.
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  let lastId = 0;
  const answers = new Map();
  let paused = false;
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    if (m.method === 'Debugger.paused') paused = true;
    answers.get(m.id)?.(m);
  });
  const send = (method, params = {}) =>
    new Promise((ok) => {
      const id = ++lastId;
      answers.set(id, ok);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => ok({}));
    });
  await send('Debugger.enable');
  if (at) {
    // Stops where `at.text` first occurs in the worker's module `at.file`.
    const lines = readFileSync(join(DIST, at.file), 'utf8').split('\n');
    const lineNumber = lines.findIndex((l) => l.includes(at.text));
    if (lineNumber < 0) throw new Error(`${at.file} has no "${at.text}"`);
    const urlRegex = `${at.file.replace(/[.]/g, '\\.')}$`;
    await send('Debugger.setBreakpointByUrl', { urlRegex, lineNumber });
  } else {
    // From here the worker stops at the next statement it runs (the next
    // event or message it gets), and stays there.
    await send('Debugger.pause');
  }
  return {
    /** True once the worker has stopped in the debugger. */
    paused: () => paused,
    /** Lets the worker go on, and drops the breakpoint. */
    async resume() {
      await send('Debugger.resume');
      await send('Debugger.disable');
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
      await cdp.detach().catch(() => {});
    },
  };
}
