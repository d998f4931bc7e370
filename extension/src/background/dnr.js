// declarativeNetRequest session rules that make "the blocked page never runs"
// hold. Two kinds, both in memory only (session rules end with the browser):
//  - a redirect of one exact URL the user already tried (never a list entry)
//    to the warning page, so a later visit is stopped before any request;
//  - a hold on one tab: every request but the main frame is blocked until the
//    warning page has loaded there (or a deadline passes), so a blocked
//    document that committed first cannot load or send anything.
// Speed matters: the hold races the blocked page's first bytes, so rule ids
// come from memory and nothing else is awaited before the update.
//
// Chromium only, a third kind, for the first seconds after the browser
// starts: a *dynamic* rule (dynamic rules outlive the browser; session rules
// do not) blocks every request but main frames, in every tab, from the
// moment the browser loads the extension, before its worker even runs. Once
// the engine is loaded and the open tabs are checked, a session rule allows
// them again for the rest of the session (startup.js). Priorities: the
// startup block lowest, then the session's opening, then the exact-URL
// redirects and the holds, which must win over the opening.

import { api } from '../shared/browser.js';
import { within } from './framing.js';

const dnr = () => api.declarativeNetRequest;
/** Chromium allows 5000 session rules; keep room for holds. */
const MAX_URL_RULES = 4500;
const HOLD_MS = 10_000;
const HOLDS_KEY = 'tabHolds';
const PRIORITY = { startupBlock: 1, startupOpen: 2, redirect: 3, hold: 4 };
/** The startup block's id among the dynamic rules. */
const STARTUP_BLOCK_ID = 1;
/** The session rule that lifts the startup block: a reserved session id. */
const STARTUP_OPEN_ID = 1;
/** Every request but a main frame (WebSockets too), not the extension's own (e.g. a list download). */
const startupCondition = () => ({
  excludedResourceTypes: ['main_frame'],
  excludedInitiatorDomains: [api.runtime.id],
});

let state = null; // Promise<{ nextId, urls: Map<filter, id>, holds: Map<id, { tabId, deadline }> }>
let saving = Promise.resolve();

/**
 * Reads the rules already installed (they outlive a worker restart) and lifts
 * holds whose deadline passed. Call early so the first match pays nothing.
 */
export function prepareRules() {
  state ??= (async () => {
    const [rules, stored] = await Promise.all([dnr().getSessionRules(), api.storage.session.get(HOLDS_KEY)]);
    const deadlines = stored[HOLDS_KEY] ?? {};
    const s = { nextId: STARTUP_OPEN_ID + 1, urls: new Map(), holds: new Map(), open: false };
    const stale = [];
    for (const r of rules) {
      s.nextId = Math.max(s.nextId, r.id + 1);
      if (r.id === STARTUP_OPEN_ID) s.open = true;
      if (r.action.type === 'redirect' && r.condition.urlFilter) s.urls.set(r.condition.urlFilter, r.id);
      if (r.action.type === 'block' && r.condition.tabIds) {
        const deadline = deadlines[r.id];
        if (deadline > Date.now()) {
          s.holds.set(r.id, { tabId: r.condition.tabIds[0], deadline });
          setTimeout(() => releaseIds([r.id]), deadline - Date.now());
        } else {
          stale.push(r.id);
        }
      }
    }
    if (stale.length) await dnr().updateSessionRules({ removeRuleIds: stale });
    return s;
  })();
  state.catch(() => {
    state = null; // try again on the next call
  });
  return state;
}

/** Saves the hold deadlines where a restarted worker finds them (in order). */
function saveHolds(s) {
  const deadlines = Object.fromEntries([...s.holds].map(([id, h]) => [id, h.deadline]));
  saving = saving.then(() => api.storage.session.set({ [HOLDS_KEY]: deadlines })).catch(() => {});
  return saving;
}

/**
 * The DNR filter matching exactly `url` (fragment dropped: requests carry
 * none), or null when the URL has a filter metacharacter or non-ASCII, where
 * an exact filter cannot be written; the other layers still catch it.
 * @param {string} url
 */
export function exactFilter(url) {
  const bare = url.split('#')[0];
  if (/[*^|\s]|[^\x21-\x7e]/.test(bare)) return null;
  return `|${bare}|`;
}

/**
 * True when a redirect rule for exactly `url` is in force: the browser then
 * redirects the request itself, in place in the tab's history.
 * @param {string} url
 */
export async function hasUrlRule(url) {
  const filter = exactFilter(url);
  return filter !== null && (await prepareRules()).urls.has(filter);
}

/**
 * The hold rule for one tab; with a host, only requests that host's frame
 * starts, never those of `framingHost` (the tab's top-level page): a page
 * framing a listed URL must not see its own requests fail. Null when the two
 * hosts make such a rule hold nothing (the frame is on the page's own host
 * or below it, and DNR cannot tell that frame's requests from the page's).
 */
function holdRule(id, tabId, initiatorHost, framingHost) {
  const condition = { tabIds: [tabId], excludedResourceTypes: ['main_frame'] };
  if (initiatorHost) {
    if (framingHost && within(initiatorHost, framingHost)) return null;
    condition.initiatorDomains = [initiatorHost];
    if (framingHost && within(framingHost, initiatorHost)) condition.excludedInitiatorDomains = [framingHost];
  }
  return { id, priority: PRIORITY.hold, action: { type: 'block' }, condition };
}

/**
 * Installs, in one update, the hold on `tabId` and the exact-URL redirect of
 * `url` to `warningUrl`. Resolves once both are in force.
 * @param {{ url: string, warningUrl: string, tabId: number, initiatorHost?: string,
 *   framingHost?: string }} target
 *   initiatorHost: for a sub-frame, hold only requests its host starts, so the
 *   embedding page keeps working; framingHost: the host of the tab's top-level
 *   page, whose own requests the hold never blocks.
 */
export async function guard({ url, warningUrl, tabId, initiatorHost, framingHost }) {
  const s = await prepareRules();
  const addRules = [];
  const removeRuleIds = [];
  const filter = exactFilter(url);
  if (filter && !s.urls.has(filter)) {
    if (s.urls.size >= MAX_URL_RULES) {
      const [oldest, oldId] = s.urls.entries().next().value;
      s.urls.delete(oldest);
      removeRuleIds.push(oldId);
    }
    const id = s.nextId++;
    s.urls.set(filter, id);
    addRules.push({
      id,
      priority: PRIORITY.redirect,
      action: { type: 'redirect', redirect: { url: warningUrl } },
      condition: { urlFilter: filter, isUrlFilterCaseSensitive: true, resourceTypes: ['main_frame', 'sub_frame'] },
    });
  }
  let holdId = null;
  const held = tabId >= 0 ? holdRule(s.nextId, tabId, initiatorHost, framingHost) : null;
  if (held) {
    holdId = s.nextId++;
    addRules.push(held);
  }
  // Known before the update resolves, so a warning page that loads first
  // still lifts it (the browser applies one extension's updates in order).
  if (holdId !== null) {
    s.holds.set(holdId, { tabId, deadline: Date.now() + HOLD_MS });
    setTimeout(() => releaseIds([holdId]), HOLD_MS);
  }
  try {
    await dnr().updateSessionRules({ addRules, removeRuleIds });
  } catch (err) {
    if (filter) s.urls.delete(filter); // not installed: let a later match retry
    if (holdId !== null) s.holds.delete(holdId);
    throw err;
  }
  if (holdId !== null) saveHolds(s);
}

/**
 * Chromium: makes sure the startup block is among the dynamic rules, so it
 * is in force from the next browser start on. Call at every worker start.
 */
export async function installStartupBlock() {
  await dnr().updateDynamicRules({
    removeRuleIds: [STARTUP_BLOCK_ID],
    addRules: [{ id: STARTUP_BLOCK_ID, priority: PRIORITY.startupBlock, action: { type: 'block' }, condition: startupCondition() }],
  });
}

/** True when the startup block has been lifted in this browser session. */
export async function startupOpen() {
  return (await prepareRules()).open;
}

/** Lifts the startup block for the rest of the browser session. */
export async function openStartup() {
  const s = await prepareRules();
  if (s.open) return;
  await dnr().updateSessionRules({
    addRules: [{ id: STARTUP_OPEN_ID, priority: PRIORITY.startupOpen, action: { type: 'allow' }, condition: startupCondition() }],
  });
  s.open = true;
}

/** Lifts the given holds (those still in force). */
async function releaseIds(ids) {
  const s = await prepareRules();
  const live = ids.filter((id) => s.holds.delete(id));
  if (live.length === 0) return;
  await dnr().updateSessionRules({ removeRuleIds: live });
  await saveHolds(s);
}

/**
 * Lifts every hold on `tabId`: its warning page has loaded.
 * @param {number} tabId
 */
export async function releaseTab(tabId) {
  const s = await prepareRules();
  await releaseIds([...s.holds].filter(([, h]) => h.tabId === tabId).map(([id]) => id));
}
