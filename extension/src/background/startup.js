// The first seconds after the browser starts (Chromium). The browser opens
// tabs (session restore, a link from another app) before it even starts the
// extension's worker, and tells the worker about a navigation only after
// its request went out: no verdict can come before the page runs. So the
// startup block (dnr.js) keeps every page from loading anything but its
// document until the worker has its engine; then this checks every open
// tab, sends the matched ones to the warning page (held, as any match) and
// lifts the block for the rest of the session. Clean pages that loaded
// while blocked are reloaded, so they come back whole.

import { api } from '../shared/browser.js';
import { openStartup, startupOpen } from './dnr.js';
import { engineReady } from './engine.js';
import { decide, isWeb } from './intercept.js';
import { showWarning } from './tabs.js';
import { errorMessage } from '../shared/errors.js';

/** How long the startup block waits at most for the list in force to load. */
const SETTLE_MS = 5000;
/** How long the startup block stays in force at most, whatever happens. */
const LIFT_MS = 8000;

/** @param {number} ms */
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** @type {Promise<void> | null} */
let opening = null;
/**
 * Whether the block is lifted in this worker's view: false, 'lifting' or true.
 * @type {boolean | 'lifting'}
 */
let lifted = false;
/**
 * Main-frame documents that ran while the block was in force.
 * @type {{ tabId: number, url: string }[]}
 */
let blockedPages = [];

/**
 * Sends every open tab whose URL (or the one it is loading) matches to the
 * warning page. Chromium drops the webNavigation events of navigations made
 * before the worker ran, so the tabs themselves are asked.
 */
async function checkOpenTabs() {
  for (const tab of await api.tabs.query({})) {
    // pendingUrl: Chromium's, for a navigation still loading (Firefox has none).
    const url = ('pendingUrl' in tab ? tab.pendingUrl : undefined) ?? tab.url;
    if (tab.id === undefined || !isWeb(url)) continue; // no id: not a tab that shows pages
    const match = await decide(url, tab.id, 0);
    if (!match) continue;
    // As onNavigation: the rule update first, the redirect right after.
    const shown = match.ruled ? null : showWarning(tab.id, match.target);
    await Promise.all([match.guarded, shown]);
  }
}

/**
 * Reloads a clean page that loaded while blocked, if its tab still shows it.
 * @param {{ tabId: number, url: string }} page
 */
async function reloadIfClean({ tabId, url }) {
  const engine = await engineReady();
  if (!engine) return;
  let verdict;
  try {
    verdict = engine.checkNavigation(url);
  } catch {
    return;
  }
  if (verdict.matched) return; // the warning page is on its way
  const tab = await api.tabs.get(tabId).catch(() => null);
  if (tab?.url === url) await api.tabs.reload(tabId).catch(() => {});
}

/**
 * The content script of a main-frame document asked about it (checkFrame):
 * a page that ran before the block was lifted could load nothing but
 * itself, so it is reloaded once lifted (if clean). Pages that were open
 * before an install or update never ask, so they are left alone.
 * @param {import('../shared/protocol.js').Sender} sender
 * @param {string} url the document's URL
 */
export function noteDocument(sender, url) {
  const tabId = sender.tab?.id;
  if (lifted === true || sender.frameId !== 0 || tabId === undefined || !isWeb(url)) return;
  blockedPages.push({ tabId, url });
}

/**
 * Lifts the startup block once the engine is loaded (or could not be: then
 * pages pass, as everywhere else), after checking the open tabs, then
 * reloads the clean pages that ran while blocked, so they come back whole.
 * Once per worker life, and nothing when the block was lifted before in
 * this browser session; a failed attempt is retried on the next call.
 * @returns {Promise<void>}
 */
export function openWhenReady() {
  opening ??= (async () => {
    if (await startupOpen()) {
      lifted = true;
      blockedPages = [];
      return;
    }
    lifted = 'lifting';
    const check = async () => {
      // The verdicts must come from the list in force (a stored list is
      // loaded before anything else); bounded, in case storage never answers.
      await Promise.race([engineReady(), sleep(SETTLE_MS)]);
      await checkOpenTabs();
    };
    try {
      // The block breaks every page while in force: whatever hangs (storage,
      // an engine that never loads), it is lifted after LIFT_MS at the latest.
      await Promise.race([check(), sleep(LIFT_MS)]);
    } finally {
      await openStartup();
    }
    lifted = true;
    const pages = blockedPages;
    blockedPages = [];
    for (const page of pages) reloadIfClean(page).catch(() => {});
  })().catch((err) => {
    opening = null;
    lifted = false;
    console.warn('turnback: startup block:', errorMessage(err));
  });
  return opening;
}
