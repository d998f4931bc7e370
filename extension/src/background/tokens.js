// Tokens that tell the worker a warning page is one it opened itself. The
// warning page is web-accessible (a listed sub-frame is replaced by it), so
// any site can frame a copy; only a page whose URL carries a token made here
// gets the list's texts and lifts holds, and only the holds made with it.
//
// A token is 128 random bits, made for each match (the URL of tabs.update,
// of the blocking webRequest redirect and of the content script's
// location.replace). It is valid for TOKEN_MS, long enough for a slow page
// load and the page's retries. The exact-URL redirect rule made at that
// match carries the same token in its fixed redirect URL, so a token stays
// valid as long as a session rule carries it (read from the rules
// themselves, so it ends with the rule, whatever removes the rule).
// Tokens and the hold ids bound to them live in memory and in
// storage.session (a restarted worker still honours them; it ends with the
// browser); they carry nothing about the URL or search.

import { api } from '../shared/browser.js';
import { WARNING_TOKEN_PARAM } from '../shared/protocol.js';
import { exactFilter } from './dnr.js';

const TOKENS_KEY = 'warningTokens';
const TOKEN_MS = 60_000;
const TOKEN_SHAPE = /^[0-9a-f]{32}$/;

/** token → { expires: number, holds: number[] } */
const tokens = new Map();
/** token → the binding of its hold under way (bindHold), in this worker. */
const binding = new Map();
let loaded = null;
let saving = Promise.resolve();

/** Merges the tokens a previous worker saved (once; memory wins). */
function load() {
  loaded ??= api.storage.session
    .get(TOKENS_KEY)
    .then((stored) => {
      for (const [token, record] of Object.entries(stored[TOKENS_KEY] ?? {})) {
        if (!tokens.has(token)) tokens.set(token, record);
      }
    })
    .catch(() => {});
  return loaded;
}

/** Drops expired tokens and saves the rest where a restarted worker finds them (in order). */
function save() {
  saving = saving
    .then(load)
    .then(() => {
      const now = Date.now();
      for (const [token, record] of tokens) if (record.expires <= now) tokens.delete(token);
      return api.storage.session.set({ [TOKENS_KEY]: Object.fromEntries(tokens) });
    })
    .catch(() => {});
  return saving;
}

/**
 * The token in a warning page URL, or null.
 * @param {string | undefined} url
 */
function tokenOf(url) {
  try {
    return new URL(url ?? '').searchParams.get(WARNING_TOKEN_PARAM);
  } catch {
    return null;
  }
}

/** The redirect rules in force (empty where they cannot be read). */
async function redirectRules() {
  try {
    return (await api.declarativeNetRequest.getSessionRules()).filter((r) => r.action.type === 'redirect');
  } catch {
    return [];
  }
}

/**
 * A fresh token for one warning page URL; valid at once in this worker.
 * @returns {string} 32 hex digits
 */
export function newToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const token = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  tokens.set(token, { expires: Date.now() + TOKEN_MS, holds: [] });
  save();
  return token;
}

/**
 * Binds the hold `guarded` resolves to (guard's rule id, or null) to the
 * token of the warning page that will lift it, and, for a URL an exact-URL
 * rule already redirects (the browser then opens the rule's warning URL,
 * not `token`'s), to that rule's token as well. Call at once with the
 * token: a page that asks before the hold is in force waits for it.
 * @param {string} token
 * @param {Promise<number | null>} guarded
 * @param {string | null} ruledUrl the URL, when a rule redirects it
 * @returns {Promise<void>}
 */
export function bindHold(token, guarded, ruledUrl) {
  const bound = (async () => {
    const holdId = await guarded;
    if (holdId === null) return;
    await load();
    const to = [token];
    if (ruledUrl) {
      const filter = exactFilter(ruledUrl);
      const rule = (await redirectRules()).find((r) => r.condition.urlFilter === filter);
      const ruleToken = rule && tokenOf(rule.action.redirect?.url);
      if (ruleToken) to.push(ruleToken);
    }
    for (const t of to) {
      const record = tokens.get(t) ?? { expires: 0, holds: [] };
      // A rule's token outlives TOKEN_MS; its record lasts for this hold.
      tokens.set(t, { expires: Math.max(record.expires, Date.now() + TOKEN_MS), holds: [...record.holds, holdId] });
    }
    await save();
  })();
  const settled = bound.catch(() => {});
  binding.set(token, settled);
  settled.then(() => {
    if (binding.get(token) === settled) binding.delete(token);
  });
  return bound;
}

/**
 * Checks a warning page's token. Returns the hold ids bound to it, or null
 * when the worker did not make this token, or it expired and no rule
 * carries it. (Ids stay bound: lifting a hold twice does nothing, and a
 * rule's token may hold ids of several tabs, of which only the asking
 * page's tab is lifted.)
 * @param {unknown} token
 * @returns {Promise<number[] | null>}
 */
export async function claimToken(token) {
  if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return null;
  await binding.get(token);
  await load();
  const record = tokens.get(token);
  if (record && record.expires > Date.now()) return record.holds;
  const ruled = (await redirectRules()).some((r) => tokenOf(r.action.redirect?.url) === token);
  return ruled ? (record?.holds ?? []) : null;
}
