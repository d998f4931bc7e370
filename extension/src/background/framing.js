// Who frames a sub-frame: the host of its tab's top-level page, so that a
// page framing a URL cannot use the extension as an oracle (intercept.js
// skips cross-site frames whose only hit is text of an unknown site; dnr.js
// never holds the framing page's own requests). Asked only when a sub-frame
// matched, never stored.

import { api } from '../shared/browser.js';

/**
 * The host of `url`, lowercase, or '' when it has none (about:blank, data:,
 * an unreadable URL).
 * @param {string | undefined} url
 */
export function hostOf(url) {
  try {
    const u = new URL(url ?? '');
    return /^https?:$/.test(u.protocol) ? u.hostname.toLowerCase() : '';
  } catch {
    return '';
  }
}

/**
 * True when `host` is `domain` or one of its subdomains. DNR's
 * initiatorDomains match the same way.
 * @param {string} host
 * @param {string} domain
 */
export function within(host, domain) {
  return domain !== '' && (host === domain || host.endsWith(`.${domain}`));
}

/**
 * Same site, as near as the extension can tell without a public-suffix
 * list: one host is the other or a subdomain of it (`a.example` and
 * `www.a.example`; not `shop.a.example` and `www.a.example`). A page that is
 * not on the web (about:blank, data:) is no site's.
 * @param {string} a
 * @param {string} b
 */
export function sameSite(a, b) {
  return within(a, b) || within(b, a);
}

/**
 * The host of the top-level page of `tabId`, '' when that page is not on
 * the web, or null when the browser cannot say (no tab, or the tab closed):
 * callers then act as if the frame were the page's own (checked, held).
 * @param {number} tabId
 * @returns {Promise<string | null>}
 */
export async function topHost(tabId) {
  if (!(tabId >= 0)) return null;
  try {
    const top = await api.webNavigation.getFrame({ tabId, frameId: 0 });
    return top ? hostOf(top.url) : null;
  } catch {
    return null;
  }
}
