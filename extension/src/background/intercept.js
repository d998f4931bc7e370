// The verdict on a navigation and what follows a match. Every entry point
// (webNavigation, webRequest, the content script) comes through `decide`.
// Nothing here logs or stores a URL; only a matched URL goes into one
// in-memory redirect rule for a few minutes (see dnr.js), and only where
// nothing else stops its next request: not where blocking webRequest is
// granted, not for an incognito tab.

import { api } from '../shared/browser.js';
import { blockingGranted } from './blocking.js';
import { engineReady, failsClosed } from './engine.js';
import { guard, hasUrlRule } from './dnr.js';
import { hostOf, sameSite, topHost } from './framing.js';
import { showWarning, unavailableUrl, warningUrl } from './tabs.js';
import { bindHold, newToken } from './tokens.js';
import { errorMessage } from '../shared/errors.js';

/**
 * Only web pages are checked: not about:, data:, extension or file pages.
 * @param {unknown} url
 * @returns {url is string}
 */
export function isWeb(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

/**
 * True when a match in `tabId` may leave an exact-URL rule behind: blocking
 * webRequest is not granted (it stops every later request itself) and the
 * tab is known and not incognito (a rule would outlive the private window).
 * @param {number} tabId
 */
async function wantsUrlRule(tabId) {
  if (tabId < 0 || (await blockingGranted)) return false;
  try {
    return !(await api.tabs.get(tabId)).incognito;
  } catch {
    return false; // the tab is gone
  }
}

/**
 * Checks `url`. On a match, starts guarding the tab (hold + exact-URL rule,
 * see dnr.js) and returns the warning page URL with that update's promise;
 * null when nothing matched. The caller acts at once and does not wait for
 * the rules: the blocked page races both, and either one stopping it is
 * enough.
 *
 * A sub-frame is no oracle for the page that frames it: a cross-site frame
 * whose only hit is search text of an unknown site (`via: 'fallback'`, any
 * URL can carry `?q=`) is left alone, and the hold never covers the host of
 * the tab's top-level page (see extension/README.md for what is left).
 * @param {string | undefined} url
 * @param {number} tabId -1 when not in a tab
 * @param {number} frameId 0 for the main frame
 * @param {{ hold?: boolean }} [options] hold: false where the request itself
 *   waits for the verdict (Firefox), so the tab needs no hold
 * @returns {Promise<{ target: string, guarded: Promise<void>, ruled: boolean } | null>}
 *   ruled: a rule for this exact URL was already in force
 */
export async function decide(url, tabId, frameId, { hold = true } = {}) {
  if (!isWeb(url)) return null;
  const engine = await engineReady();
  if (!engine) {
    // No list in force: the navigation passes unless the policy says fail
    // closed; then it stops on a page saying why (no rule: it is not a
    // verdict on this URL, and the next try may find a list).
    return failsClosed() ? { target: unavailableUrl(), guarded: Promise.resolve(), ruled: false } : null;
  }
  let verdict;
  try {
    verdict = engine.checkNavigation(url);
  } catch {
    return null; // not a URL the engine can read: nothing to match
  }
  if (!verdict.matched) return null;
  const host = hostOf(url);
  // Only a matched sub-frame asks who frames it; unknown means "its own page".
  const framing = frameId === 0 ? null : await topHost(tabId);
  if (framing !== null && verdict.via === 'fallback' && !sameSite(host, framing)) return null;
  const token = newToken();
  const target = warningUrl(verdict, token);
  const ruled = await hasUrlRule(url);
  /** @param {unknown} err */
  const failed = (err) => console.warn('turnback: rule update failed:', errorMessage(err));
  // The hold races the page: it goes first, without waiting for the tab's
  // details; the exact-URL rule follows once they say it is wanted. The
  // hold is lifted only by the page with this token (or the rule's).
  const holdId = hold && tabId >= 0
    ? guard({
      url: null,
      warningUrl: target,
      tabId,
      initiatorHost: frameId === 0 ? undefined : host || undefined,
      framingHost: framing || undefined,
    })
    : Promise.resolve(null);
  const held = bindHold(token, holdId, ruled ? url : null).catch(failed);
  const ruleAdded = wantsUrlRule(tabId)
    .then((wanted) => (wanted ? guard({ url, warningUrl: target, tabId: -1 }) : null))
    .catch(failed);
  const guarded = Promise.all([held, ruleAdded]).then(() => {});
  return { target, guarded, ruled };
}

/**
 * webNavigation.onBeforeNavigate / onHistoryStateUpdated and, for server
 * redirects, webRequest.onBeforeRedirect: on a match the main frame goes to
 * the warning page; a sub-frame is replaced by its content script and kept
 * from loading by the rules `decide` installs.
 * @param {{ url?: string, redirectUrl?: string, tabId: number, frameId: number }} details
 */
export async function onNavigation(details) {
  const url = details.redirectUrl ?? details.url;
  const match = await decide(url, details.tabId, details.frameId);
  if (!match) return;
  // The rule update was sent first; the redirect follows without waiting.
  // Where a rule already redirects this URL (a repeat visit, back/forward),
  // the browser does it in place; a tabs.update would add a history entry,
  // and "Go back" would then land on the stopped URL again and again.
  const main = details.frameId === 0 && details.tabId >= 0;
  const shown = main && !match.ruled ? showWarning(details.tabId, match.target) : null;
  await Promise.all([match.guarded, shown]);
}

/**
 * Firefox only: blocking webRequest.onBeforeRequest for main and sub-frames,
 * so a matched request is never sent.
 * @param {{ url: string, tabId: number, frameId: number }} details
 * @returns {Promise<{ redirectUrl?: string }>}
 */
export async function onBeforeRequestBlocking(details) {
  const match = await decide(details.url, details.tabId, details.frameId, { hold: false });
  return match ? { redirectUrl: match.target } : {};
}

/**
 * The content script's question for its frame, answered before the rules
 * are in force so the frame stops at once.
 * @param {{ url: string }} msg
 * @param {import('../shared/protocol.js').Sender} sender
 * @returns {Promise<import('../shared/protocol.js').CheckFrameReply>}
 */
export async function checkFrame(msg, sender) {
  const match = await decide(msg.url, sender.tab?.id ?? -1, sender.frameId ?? 0);
  return match ? { blocked: true, warningUrl: match.target } : { blocked: false };
}
