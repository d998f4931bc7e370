// declarativeNetRequest session rules that make "the blocked page never runs"
// hold. Two kinds, both in memory only (session rules end with the browser):
//  - a redirect of one exact URL the user already tried (never a list entry)
//    to the warning page, so a later visit is stopped before any request.
//    The rule holds that URL in plaintext, and session rules outlive "clear
//    browsing data", so each lives URL_RULE_MS only: a timer removes it, and
//    a stored deadline (its id and time only) lets a restarted worker, or
//    the alarm that wakes a stopped one, remove it too. None is made where
//    blocking webRequest stops every request anyway, nor for incognito tabs
//    (intercept.js decides);
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
//
// Chromium, allowed in incognito: the manifest's "split" mode runs a second
// worker for the incognito profile (spanning mode cannot show the warning
// page there). Both workers see the same session rules but keep their own
// books, so each takes rule ids of its own parity (regular even, incognito
// odd; the startup opening, id 1, is shared) and counts only its own rules.

import { api } from '../shared/browser.js';
import { within } from './framing.js';

/**
 * A session or dynamic rule as this module writes it.
 * @typedef {object} Rule
 * @property {number} id
 * @property {number} priority
 * @property {{ type: 'block' | 'allow' | 'redirect', redirect?: { url: string } }} action
 * @property {RuleCondition} condition
 */
/**
 * @typedef {object} RuleCondition
 * @property {number[]} [tabIds]
 * @property {string} [urlFilter]
 * @property {boolean} [isUrlFilterCaseSensitive]
 * @property {('main_frame' | 'sub_frame')[]} [resourceTypes]
 * @property {'main_frame'[]} [excludedResourceTypes]
 * @property {string[]} [initiatorDomains]
 * @property {string[]} [excludedInitiatorDomains]
 */
/** @typedef {NonNullable<Parameters<WebExtensionApi['declarativeNetRequest']['updateSessionRules']>[0]['addRules']>} ApiRules */
/**
 * This worker's view of its rules.
 * @typedef {object} RulesState
 * @property {number} nextId
 * @property {Map<string, number>} urls exact-URL filter → rule id
 * @property {Map<number, number>} urlDeadlines rule id → when it goes (ms)
 * @property {Map<number, { tabId: number, host?: string, deadline: number }>} holds rule id → its hold
 * @property {boolean} open the startup block is lifted
 */

const dnr = () => api.declarativeNetRequest;
/**
 * The rules as the API takes them. @types/chrome declares DNR's string
 * values (action types, resource types) as TypeScript enums, which plain
 * strings never satisfy; the strings here are those enums' values, and
 * Firefox's types take them as they are.
 * @param {Rule[]} rules
 */
const apiRules = (rules) => /** @type {ApiRules} */ (/** @type {unknown} */ (rules));
/** 1 in the incognito worker of split mode, else 0: the parity of this worker's rule ids. */
const PARITY = api?.extension?.inIncognitoContext ? 1 : 0;
/**
 * Chromium allows 5000 session rules for both workers together; keep room
 * for holds. An incognito session is short: it gets the smaller share.
 */
const MAX_URL_RULES = PARITY ? 400 : 4500;
const HOLD_MS = 10_000;
// storage.session keys of this worker's own books (split mode: the two
// workers must not overwrite each other's deadlines).
const HOLDS_KEY = PARITY ? 'tabHoldsIncognito' : 'tabHolds';
/** How long an exact-URL rule lives: a repeat visit within minutes is the common one. */
const URL_RULE_MS = 5 * 60_000;
const URL_RULES_KEY = PARITY ? 'urlRuleDeadlinesIncognito' : 'urlRuleDeadlines';
/** Wakes a stopped worker when the earliest exact-URL rule is due. */
export const URL_RULES_ALARM = 'turnback-url-rules';
const PRIORITY = { startupBlock: 1, startupOpen: 2, redirect: 3, hold: 4 };
/** The startup block's id among the dynamic rules. */
const STARTUP_BLOCK_ID = 1;
/** The session rule that lifts the startup block: a reserved session id. */
const STARTUP_OPEN_ID = 1;
/**
 * Every request but a main frame (WebSockets too), not the extension's own (e.g. a list download).
 * @returns {RuleCondition}
 */
const startupCondition = () => ({
  excludedResourceTypes: ['main_frame'],
  excludedInitiatorDomains: [api.runtime.id],
});

/** @type {Promise<RulesState> | null} */
let state = null;
/** @type {Promise<unknown>} */
let saving = Promise.resolve();

/**
 * Reads the rules already installed (they outlive a worker restart) and lifts
 * holds whose deadline passed. Call early so the first match pays nothing.
 * @returns {Promise<RulesState>}
 */
export function prepareRules() {
  state ??= (async () => {
    const [rules, stored] = await Promise.all([
      dnr().getSessionRules(),
      api.storage.session.get([HOLDS_KEY, URL_RULES_KEY]),
    ]);
    const deadlines = /** @type {Record<number, number>} */ (stored[HOLDS_KEY] ?? {});
    const urlDeadlines = /** @type {Record<number, number>} */ (stored[URL_RULES_KEY] ?? {});
    /** @type {RulesState} */
    const s = { nextId: STARTUP_OPEN_ID + 1 + PARITY, urls: new Map(), urlDeadlines: new Map(), holds: new Map(), open: false };
    /** @type {number[]} */
    const stale = [];
    for (const r of rules) {
      if (r.id === STARTUP_OPEN_ID) s.open = true;
      if (r.id % 2 !== PARITY) continue; // the other profile's worker's
      s.nextId = Math.max(s.nextId, r.id + 2);
      if (r.action.type === 'redirect' && r.condition.urlFilter) {
        // Past its deadline, or without one (made by an older version): gone.
        const deadline = urlDeadlines[r.id];
        if (deadline > Date.now()) {
          s.urls.set(r.condition.urlFilter, r.id);
          s.urlDeadlines.set(r.id, deadline);
          setTimeout(() => expireUrlRules(), deadline - Date.now());
        } else {
          stale.push(r.id);
        }
      }
      if (r.action.type === 'block' && r.condition.tabIds) {
        const deadline = deadlines[r.id];
        if (deadline > Date.now()) {
          s.holds.set(r.id, { tabId: r.condition.tabIds[0], host: r.condition.initiatorDomains?.[0], deadline });
          setTimeout(() => releaseIds([r.id]), deadline - Date.now());
        } else {
          stale.push(r.id);
        }
      }
    }
    if (stale.length) await dnr().updateSessionRules({ removeRuleIds: stale });
    if (stale.length || s.urlDeadlines.size) saveUrlDeadlines(s); // and the alarm, for this worker's timers
    return s;
  })();
  state.catch(() => {
    state = null; // try again on the next call
  });
  return state;
}

/**
 * The next free rule id of this worker's parity.
 * @param {RulesState} s
 */
function takeId(s) {
  const id = s.nextId;
  s.nextId += 2;
  return id;
}

/**
 * Saves the hold deadlines where a restarted worker finds them (in order).
 * @param {RulesState} s
 */
function saveHolds(s) {
  const deadlines = Object.fromEntries([...s.holds].map(([id, h]) => [id, h.deadline]));
  saving = saving.then(() => api.storage.session.set({ [HOLDS_KEY]: deadlines })).catch(() => {});
  return saving;
}

/**
 * Saves the exact-URL rules' deadlines (ids and times, never a URL) and sets
 * the alarm for the earliest, so a worker stopped meanwhile is woken to
 * remove it.
 * @param {RulesState} s
 */
function saveUrlDeadlines(s) {
  const deadlines = Object.fromEntries(s.urlDeadlines);
  const earliest = Math.min(...s.urlDeadlines.values());
  saving = saving
    .then(() => api.storage.session.set({ [URL_RULES_KEY]: deadlines }))
    .then(async () => {
      if (Number.isFinite(earliest)) await api.alarms.create(URL_RULES_ALARM, { when: earliest });
      else await api.alarms.clear(URL_RULES_ALARM);
    })
    .catch(() => {});
  return saving;
}

/** Removes the exact-URL rules whose deadline has passed. */
export async function expireUrlRules() {
  const s = await prepareRules();
  const now = Date.now();
  const due = [...s.urlDeadlines].filter(([, deadline]) => deadline <= now).map(([id]) => id);
  if (due.length === 0) return;
  for (const id of due) s.urlDeadlines.delete(id);
  for (const [filter, id] of s.urls) if (due.includes(id)) s.urls.delete(filter);
  await dnr().updateSessionRules({ removeRuleIds: due });
  await saveUrlDeadlines(s);
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
 * @param {number} id
 * @param {number} tabId
 * @param {string} [initiatorHost]
 * @param {string} [framingHost]
 * @returns {Rule | null}
 */
function holdRule(id, tabId, initiatorHost, framingHost) {
  /** @type {RuleCondition} */
  const condition = { tabIds: [tabId], excludedResourceTypes: ['main_frame'] };
  if (initiatorHost) {
    if (framingHost && within(initiatorHost, framingHost)) return null;
    condition.initiatorDomains = [initiatorHost];
    if (framingHost && within(framingHost, initiatorHost)) condition.excludedInitiatorDomains = [framingHost];
  }
  return { id, priority: PRIORITY.hold, action: { type: 'block' }, condition };
}

/**
 * Installs, in one update, the hold on `tabId` (unless it is -1) and the
 * exact-URL redirect of `url` (unless it is null) to `warningUrl`, that one
 * for URL_RULE_MS. Resolves once both are in force, with the hold's rule id
 * (null when no tab was given, or no hold is needed), which the warning page
 * it is for lifts through `releaseHolds`.
 * @param {{ url: string | null, warningUrl: string, tabId: number, initiatorHost?: string,
 *   framingHost?: string }} target
 *   initiatorHost: for a sub-frame, hold only requests its host starts, so the
 *   embedding page keeps working; framingHost: the host of the tab's top-level
 *   page, whose own requests the hold never blocks.
 * @returns {Promise<number | null>}
 */
export async function guard({ url, warningUrl, tabId, initiatorHost, framingHost }) {
  const s = await prepareRules();
  /** @type {Rule[]} */
  const addRules = [];
  /** @type {number[]} */
  const removeRuleIds = [];
  const filter = url === null ? null : exactFilter(url);
  let urlId = null;
  if (filter && !s.urls.has(filter)) {
    if (s.urls.size >= MAX_URL_RULES) {
      const [oldest, oldId] = /** @type {[string, number]} */ (s.urls.entries().next().value); // the map is not empty
      s.urls.delete(oldest);
      s.urlDeadlines.delete(oldId);
      removeRuleIds.push(oldId);
    }
    const id = takeId(s);
    urlId = id;
    s.urls.set(filter, id);
    s.urlDeadlines.set(id, Date.now() + URL_RULE_MS);
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
    holdId = takeId(s);
    addRules.push(held);
  }
  // Known before the update resolves, so a warning page that loads first
  // still lifts it (the browser applies one extension's updates in order).
  if (holdId !== null) {
    s.holds.set(holdId, { tabId, host: initiatorHost, deadline: Date.now() + HOLD_MS });
    setTimeout(() => releaseIds([holdId]), HOLD_MS);
  }
  try {
    if (addRules.length) await dnr().updateSessionRules({ addRules: apiRules(addRules), removeRuleIds });
  } catch (err) {
    if (urlId !== null && filter !== null) {
      s.urls.delete(filter); // not installed: let a later match retry
      s.urlDeadlines.delete(urlId);
    }
    if (holdId !== null) s.holds.delete(holdId);
    throw err;
  }
  if (holdId !== null) saveHolds(s);
  if (urlId !== null) {
    setTimeout(() => expireUrlRules(), URL_RULE_MS);
    saveUrlDeadlines(s);
  }
  return holdId;
}

/**
 * Chromium: makes sure the startup block is among the dynamic rules, so it
 * is in force from the next browser start on. Call at every worker start.
 */
export async function installStartupBlock() {
  await dnr().updateDynamicRules({
    removeRuleIds: [STARTUP_BLOCK_ID],
    addRules: apiRules([{ id: STARTUP_BLOCK_ID, priority: PRIORITY.startupBlock, action: { type: 'block' }, condition: startupCondition() }]),
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
    addRules: apiRules([{ id: STARTUP_OPEN_ID, priority: PRIORITY.startupOpen, action: { type: 'allow' }, condition: startupCondition() }]),
  });
  s.open = true;
}

/**
 * Lifts the given holds (those still in force).
 * @param {number[]} ids
 */
async function releaseIds(ids) {
  const s = await prepareRules();
  const live = ids.filter((id) => s.holds.delete(id));
  if (live.length === 0) return;
  await dnr().updateSessionRules({ removeRuleIds: live });
  await saveHolds(s);
}

/**
 * Lifts the holds of the frame a warning page was made for: the holds `ids`
 * of `tabId` and every other hold of that tab on the same frame (the same
 * initiator host; none for the main frame), since one navigation may be
 * guarded more than once (webNavigation, then the content script). Holds of
 * other tabs and of the tab's other frames stay.
 * @param {number} tabId
 * @param {number[]} ids from `guard`
 */
export async function releaseHolds(tabId, ids) {
  const s = await prepareRules();
  const frames = new Set(
    ids.flatMap((id) => {
      const h = s.holds.get(id);
      return h?.tabId === tabId ? [h.host ?? ''] : [];
    }),
  );
  await releaseIds([...s.holds].filter(([, h]) => h.tabId === tabId && frames.has(h.host ?? '')).map(([id]) => id));
}
