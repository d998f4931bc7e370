// declarativeNetRequest session rules that make "the blocked page never runs"
// hold. Two kinds, both in memory only (session rules end with the browser):
//  - a redirect of one exact URL the user already tried (never a list entry)
//    to the warning page, so a later visit is stopped before any request;
//  - a hold on one tab: every request but the main frame is blocked until the
//    warning page has loaded there (or a deadline passes), so a blocked
//    document that committed first cannot load or send anything.

import { api } from '../shared/browser.js';

const dnr = () => api.declarativeNetRequest;
/** Chromium allows 5000 session rules; keep room for holds. */
const MAX_URL_RULES = 4500;
const HOLD_MS = 10_000;
const HOLDS_KEY = 'tabHolds';

let state = null; // Promise<{ nextId, urls: Map<url, id> }>
let queue = Promise.resolve();

/** Runs rule updates one at a time so ids and the URL map stay consistent. */
function serial(job) {
  const run = queue.then(job, job);
  queue = run.catch(() => {});
  return run;
}

/** The rules already installed (they outlive a worker restart). */
function loadState() {
  state ??= dnr()
    .getSessionRules()
    .then((rules) => {
      const urls = new Map();
      let max = 0;
      for (const r of rules) {
        max = Math.max(max, r.id);
        if (r.action.type === 'redirect' && r.condition.urlFilter) urls.set(r.condition.urlFilter, r.id);
      }
      return { nextId: max + 1, urls };
    });
  return state;
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

/** The hold rule for one tab; with a host, only requests that host's frame starts. */
function holdRule(id, tabId, initiatorHost) {
  const condition = { tabIds: [tabId], excludedResourceTypes: ['main_frame'] };
  if (initiatorHost) condition.initiatorDomains = [initiatorHost];
  return { id, priority: 2, action: { type: 'block' }, condition };
}

/**
 * Installs, in one update, the hold on `tabId` and the exact-URL redirect of
 * `url` to `warningUrl`. Resolves once both are in force.
 * @param {{ url: string, warningUrl: string, tabId: number, initiatorHost?: string }} target
 *   initiatorHost: for a sub-frame, hold only requests its host starts, so the
 *   embedding page keeps working.
 */
export function guard({ url, warningUrl, tabId, initiatorHost }) {
  return serial(async () => {
    const s = await loadState();
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
        priority: 1,
        action: { type: 'redirect', redirect: { url: warningUrl } },
        condition: { urlFilter: filter, isUrlFilterCaseSensitive: true, resourceTypes: ['main_frame', 'sub_frame'] },
      });
    }
    let holdId = null;
    if (tabId >= 0) {
      holdId = s.nextId++;
      addRules.push(holdRule(holdId, tabId, initiatorHost));
      await recordHold(holdId, Date.now() + HOLD_MS);
    }
    await dnr().updateSessionRules({ addRules, removeRuleIds });
    // A worker that lives this long releases it; sweepHolds covers the rest.
    if (holdId !== null) setTimeout(() => releaseRules([holdId]), HOLD_MS);
  });
}

/** Notes a hold's deadline in session storage, where a restarted worker finds it. */
async function recordHold(id, deadline) {
  const { [HOLDS_KEY]: holds = {} } = await api.storage.session.get(HOLDS_KEY);
  holds[id] = deadline;
  await api.storage.session.set({ [HOLDS_KEY]: holds });
}

/** Removes hold rules by id and forgets their deadlines (call inside `serial`). */
async function removeHolds(ids) {
  if (ids.length === 0) return;
  await dnr().updateSessionRules({ removeRuleIds: ids });
  const { [HOLDS_KEY]: holds = {} } = await api.storage.session.get(HOLDS_KEY);
  for (const id of ids) delete holds[id];
  await api.storage.session.set({ [HOLDS_KEY]: holds });
}

/** Removes hold rules by id, in turn with other updates. */
function releaseRules(ids) {
  return serial(() => removeHolds(ids));
}

/** Hold rules: block rules scoped to tabs. */
async function holdRules() {
  const rules = await dnr().getSessionRules();
  return rules.filter((r) => r.action.type === 'block' && r.condition.tabIds);
}

/**
 * Lifts every hold on `tabId`: its warning page has loaded.
 * @param {number} tabId
 */
export function releaseTab(tabId) {
  return serial(async () => {
    const ids = (await holdRules()).filter((r) => r.condition.tabIds.includes(tabId)).map((r) => r.id);
    await removeHolds(ids);
  });
}

/** Lifts holds whose deadline passed (e.g. set by a worker that was stopped). */
export function sweepHolds() {
  return serial(async () => {
    const { [HOLDS_KEY]: holds = {} } = await api.storage.session.get(HOLDS_KEY);
    const now = Date.now();
    const ids = (await holdRules()).filter((r) => !(holds[r.id] > now)).map((r) => r.id);
    await removeHolds(ids);
  });
}
