// The verdict on a navigation and what follows a match. Every entry point
// (webNavigation, webRequest, the content script) comes through `decide`.
// Nothing here logs or stores a URL; only a matched URL goes into one
// in-memory redirect rule (see dnr.js).

import { engineReady } from './engine.js';
import { guard } from './dnr.js';
import { showWarning, warningUrl } from './tabs.js';

/** Only web pages are checked: not about:, data:, extension or file pages. */
export function isWeb(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

/** The host of a URL, or undefined. */
function hostOf(url) {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks `url`; on a match guards the tab (hold + exact-URL rule) and returns
 * the warning page URL, else null.
 * @param {string} url
 * @param {number} tabId -1 when not in a tab
 * @param {number} frameId 0 for the main frame
 * @returns {Promise<string | null>}
 */
export async function decide(url, tabId, frameId) {
  if (!isWeb(url)) return null;
  const engine = await engineReady();
  if (!engine) return null;
  let verdict;
  try {
    verdict = engine.checkNavigation(url);
  } catch {
    return null; // not a URL the engine can read: nothing to match
  }
  if (!verdict.matched) return null;
  const target = warningUrl(verdict);
  try {
    await guard({ url, warningUrl: target, tabId, initiatorHost: frameId === 0 ? undefined : hostOf(url) });
  } catch (err) {
    console.warn('turnback: rule update failed:', err?.message ?? err);
  }
  return target;
}

/**
 * webNavigation.onBeforeNavigate / onHistoryStateUpdated and, for server
 * redirects, webRequest.onBeforeRedirect: on a match the main frame goes to
 * the warning page; a sub-frame is replaced by its content script and kept
 * from loading by the rules `decide` installed.
 * @param {{ url?: string, redirectUrl?: string, tabId: number, frameId: number }} details
 */
export async function onNavigation(details) {
  const url = details.redirectUrl ?? details.url;
  const target = await decide(url, details.tabId, details.frameId);
  if (target && details.frameId === 0 && details.tabId >= 0) await showWarning(details.tabId, target);
}

/**
 * Firefox only: blocking webRequest.onBeforeRequest for main and sub-frames,
 * so a matched request is never sent.
 * @param {{ url: string, tabId: number, frameId: number }} details
 * @returns {Promise<{ redirectUrl?: string }>}
 */
export async function onBeforeRequestBlocking(details) {
  const target = await decide(details.url, details.tabId, details.frameId);
  return target ? { redirectUrl: target } : {};
}

/**
 * The content script's question for its frame.
 * @param {{ url: string }} msg
 * @param {{ tab?: { id: number }, frameId?: number }} sender
 * @returns {Promise<import('../shared/protocol.js').CheckFrameReply>}
 */
export async function checkFrame(msg, sender) {
  const target = await decide(msg.url, sender.tab?.id ?? -1, sender.frameId ?? 0);
  return target ? { blocked: true, warningUrl: target } : { blocked: false };
}
