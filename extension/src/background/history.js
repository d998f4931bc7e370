// Keeps the browser's history free of what Turnback stopped. The browser
// records a visit for every page a tab commits: the warning page (with its
// time), a listed URL that an exact-URL rule redirected (as the start of the
// redirect chain, query included), and a listed page that committed before
// the worker's redirect won the race. Each such visit is deleted as soon as
// the browser reports it (history.onVisited), so the profile's History
// database keeps no entry of it (tests/extension/history.test.mjs reads it).
// Nothing is stored or logged on the way: the URL is only checked.

import { api } from '../shared/browser.js';
import { engineReady } from './engine.js';
import { isWarningUrl } from './tabs.js';

/**
 * True when the list holds `url` (as a page or for the search it carries).
 * @param {string} url
 */
async function isListed(url) {
  if (!/^https?:\/\//i.test(url)) return false;
  const engine = await engineReady();
  if (!engine) return false;
  try {
    return engine.checkNavigation(url).matched;
  } catch {
    return false; // not a URL the engine can read: nothing listed
  }
}

/**
 * history.onVisited: deletes the visit's URL from history when it is the
 * warning page or a listed URL; leaves every other visit alone.
 * @param {{ url?: string }} item the history item the browser just recorded
 */
export async function forgetStopped(item) {
  const url = item?.url;
  if (typeof url !== 'string') return;
  if (isWarningUrl(url) || (await isListed(url))) await api.history.deleteUrl({ url });
}
