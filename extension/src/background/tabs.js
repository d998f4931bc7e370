// Moving a tab to the warning page and closing it, the only tab actions the
// worker takes. Neither needs the "tabs" permission.

import { api } from '../shared/browser.js';
import { UNAVAILABLE_PATH, WARNING_PATH, warningQuery } from '../shared/protocol.js';

/**
 * The warning page URL for a verdict: its kind and the token that tells the
 * worker it opened this page (tokens.js), nothing else. On Chromium the
 * page is web-accessible only through the extension's dynamic id
 * (`use_dynamic_url`, new each browser session), and `runtime.getURL` of a
 * web-accessible file returns that dynamic URL, which redirects, tabs.update
 * and the content script's location.replace all reach; the fixed id stays
 * unusable to web pages (they cannot tell the extension is installed).
 * @param {{ kind?: string }} verdict
 * @param {string} token
 */
export function warningUrl(verdict, token) {
  return api.runtime.getURL(WARNING_PATH) + warningQuery(verdict, token);
}

/**
 * The page shown instead of a navigation that could not be checked because
 * no list is in force, under a fail-closed policy.
 */
export function unavailableUrl() {
  return api.runtime.getURL(UNAVAILABLE_PATH);
}

/**
 * True when `url` is this extension's warning page. Chromium commits a
 * page opened by its dynamic URL under the fixed id (`sender.url`, the
 * tab's URL), so both are accepted; on Firefox both are the same.
 * @param {unknown} url
 */
export function isWarningUrl(url) {
  if (typeof url !== 'string') return false;
  const committed = new URL(WARNING_PATH, api.runtime.getURL('')).href;
  return url.startsWith(committed) || url.startsWith(api.runtime.getURL(WARNING_PATH));
}

/**
 * Sends the tab's main frame to the warning page. A tab closed meanwhile is
 * not an error.
 * @param {number} tabId
 * @param {string} url the warning page URL
 */
export async function showWarning(tabId, url) {
  try {
    await api.tabs.update(tabId, { url });
  } catch {
    // The tab is gone: nothing left to show.
  }
}

/**
 * Closes a tab whose warning page has no history to go back to.
 * @param {number} tabId
 */
export async function closeTab(tabId) {
  try {
    await api.tabs.remove(tabId);
  } catch {
    // Already closed.
  }
}
