// The cold-start scenario shared by coldstart.test.mjs (asserts) and
// benches/extension/beacon-race.mjs (measures): a freshly started browser
// whose very first web navigation is a listed page, the way a link opened
// from another app starts it while the browser is still coming up. The page
// is opened through DevTools' plain HTTP endpoint (`/json/new`) as soon as
// the browser listens, so nothing waits for the extension first and no
// debugger is attached (see startBrowser). Not a test file itself.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { scaled } from '../deadline.mjs';
import { CHROMIUM } from '../e2e/chromium.mjs';
import { extensionArgs, langEnv, startupLifted, until } from './harness.mjs';

/** Room for a beacon the listed page might still send after the warning (scaled). */
const LATE_BEACON_MS = 1000;
const WARNING = /^chrome-extension:\/\/[a-p]{32}\/pages\/warning\.html\?/;
const WORKER = /^chrome-extension:\/\/[a-p]{32}\/src\/background\/main\.js$/;

/**
 * Starts headless Chromium with the extension; `firstUrl` on its command
 * line (a start-up tab), else about:blank. Nothing attaches to the browser:
 * a debugger that auto-attaches (Playwright does) pauses every new target,
 * the extension's worker included, until it lets it run, which would slow
 * the very start this measures. Tabs are opened and read through DevTools'
 * plain HTTP endpoints instead.
 */
async function startBrowser(server, profile, firstUrl = 'about:blank') {
  const child = spawn(
    CHROMIUM,
    [...extensionArgs(server), '--headless', `--user-data-dir=${profile}`, '--remote-debugging-port=0', firstUrl],
    { env: langEnv('en-US'), stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const exited = new Promise((ok) => child.once('exit', ok));
  const kill = (signal) => {
    try {
      process.kill(-child.pid, signal); // the browser and its helpers: the group this spawn made
    } catch {
      // already gone
    }
  };
  let port;
  try {
    port = await new Promise((ok, fail) => {
      let err = '';
      const ms = scaled(30_000);
      const timer = setTimeout(() => fail(new Error(`Chromium did not open its DevTools port in ${ms} ms`)), ms);
      child.stderr.on('data', (chunk) => {
        err += chunk;
        const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
        if (m) {
          clearTimeout(timer);
          ok(Number(m[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`Chromium exited (${code}) before its DevTools port opened`));
      });
    });
  } catch (err) {
    kill('SIGKILL');
    throw err;
  }
  const devtools = (path, method = 'GET') =>
    fetch(`http://127.0.0.1:${port}${path}`, { method })
      .then((res) => (res.ok ? res.json() : null))
      .catch(() => null);
  return {
    /** The DevTools port, for a client that attaches once the start is over. */
    port,
    /** Opens `url` in a new tab; resolves with the tab's DevTools id. */
    open: async (url) => (await devtools(`/json/new?${url}`, 'PUT'))?.id,
    /** Every DevTools target: [{ id, type, url }] */
    targets: () => devtools('/json/list'),
    /** The browser's tabs: [{ id, url }] */
    tabs: async () => ((await devtools('/json/list')) ?? []).filter((t) => t.type === 'page'),
    async close() {
      kill('SIGTERM');
      const gaveUp = setTimeout(() => kill('SIGKILL'), scaled(5000));
      await exited;
      clearTimeout(gaveUp);
    },
  };
}

/**
 * One browser start whose first web navigation is a fresh listed URL (or,
 * with `benign`, a page no list entry matches).
 * @param {object} server from startServer()
 * @param {{ profile?: string, commandLine?: boolean, benign?: boolean, waitMs?: number }} [options]
 *   profile: reuse a user-data dir (a restart, the extension already
 *   installed) instead of a fresh one; commandLine: give the URL on the
 *   browser's command line (a start-up tab) instead of opening a tab once
 *   the browser listens; benign: wait for the page to run instead of the
 *   warning page; search: a search for this phrase instead of a listed page
 * @returns {Promise<{ warned: boolean, kind: string | null, openMs: number, requestMs: number | null,
 *   warningMs: number | null, ranMs: number | null, requests: number, reachedServer: boolean, ran: boolean,
 *   error?: string }>}
 *   times from just before the browser process started: openMs when the
 *   tab was asked for, requestMs when the server got the page's first
 *   request (if it did), warningMs when the tab showed the warning page
 *   (DevTools' tab list, polled every 20 ms), ranMs when the page's first
 *   beacon came; requests: how often the page itself was requested
 */
export async function coldStart(server, { profile, commandLine = false, benign = false, search, waitMs = 20_000 } = {}) {
  const fresh = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const page = search
    ? `search.turnback.test/?q=${encodeURIComponent(search)}&cold=${fresh}`
    : `${benign ? 'benign' : 'blocked'}.turnback.test/cold/${fresh}.html`;
  const dir = profile ?? mkdtempSync(join(tmpdir(), 'turnback-cold-'));
  const result = { warned: false, kind: null, openMs: 0, requestMs: null, warningMs: null, ranMs: null };
  const t0 = Date.now();
  const browser = await startBrowser(server, dir, commandLine ? `http://${page}` : undefined);
  try {
    let tabId;
    if (!commandLine) {
      result.openMs = Date.now() - t0;
      tabId = await browser.open(`http://${page}`);
      if (!tabId) throw new Error('DevTools did not open the tab');
    }
    const ours = (t) => tabId === undefined || t.id === tabId;
    const onWarning = async () => (await browser.tabs()).find((t) => ours(t) && WARNING.test(t.url));
    if (benign) {
      await until(() => server.beaconsFrom(page).length > 0, 'the page to run', waitMs);
      result.warned = Boolean(await onWarning());
    } else {
      const tab = await until(onWarning, 'the warning page', waitMs);
      result.warningMs = Date.now() - t0;
      result.warned = true;
      result.kind = new URL(tab.url).searchParams.get('kind');
    }
  } catch (err) {
    result.error = err.message;
  }
  await new Promise((ok) => setTimeout(ok, scaled(LATE_BEACON_MS)));
  await browser.close();
  if (!profile) rmSync(dir, { recursive: true, force: true });
  const requests = server.requestsTo(page);
  const beacons = server.beaconsFrom(page);
  return {
    ...result,
    requests: requests.length,
    reachedServer: requests.length > 0,
    requestMs: requests.length ? requests[0].time - t0 : null,
    ran: beacons.length > 0,
    ranMs: beacons.length ? beacons[0].time - t0 : null,
  };
}

/**
 * A profile with the extension installed and its worker registered, as a
 * browser that ran before leaves it: one start on about:blank until the
 * worker has finished its first start (it lifts its startup block once it
 * has its list and rules), then a clean shutdown. Pass it to coldStart as
 * `profile` to measure a restart; remove it with rmSync when done.
 * @param {object} server from startServer()
 * @returns {Promise<string>} the user-data dir
 */
export async function installedProfile(server) {
  const dir = mkdtempSync(join(tmpdir(), 'turnback-cold-'));
  const browser = await startBrowser(server, dir);
  try {
    const started = async () => ((await browser.targets()) ?? []).some((t) => t.type === 'service_worker' && WORKER.test(t.url));
    await until(started, 'the extension worker', 20_000);
    // Nothing of this start is measured: attaching now slows nothing that counts.
    const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${browser.port}`, { timeout: scaled(30_000) });
    try {
      const [context] = cdp.contexts();
      const worker = await until(() => context.serviceWorkers().find((w) => WORKER.test(w.url())), 'the extension worker in CDP');
      await until(() => startupLifted(worker), 'the first start to lift the startup block', 20_000);
    } finally {
      await cdp.close().catch(() => {});
    }
  } finally {
    await browser.close();
  }
  return dir;
}

/** min–max and median of numbers (null when there are none). */
export function spread(values) {
  const v = values.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (v.length === 0) return null;
  return { min: v[0], median: v[Math.floor(v.length / 2)], max: v[v.length - 1] };
}
