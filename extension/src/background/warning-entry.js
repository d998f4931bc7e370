// Chromium, with the warning page web-accessible only by the dynamic id
// (use_dynamic_url): a history entry that a redirect rule rewrote in place
// to the warning page keeps the page that started it (a link, a form,
// pushState) as its initiator and the fixed-id URL the page committed
// under. Going back or forward to it later is then blocked
// (net::ERR_BLOCKED_BY_CLIENT): the user would see the browser's error page
// instead of the warning. The worker sends such a tab to the warning page by
// its dynamic URL. That adds an entry after the blocked one, so the next
// step back would land on the blocked entry again and again: a tab that was
// just sent on this way steps back over the blocked entry instead. Only tab
// ids are kept, in memory; no URL.

import { api } from '../shared/browser.js';
import { WARNING_PATH } from '../shared/protocol.js';
import { showWarning } from './tabs.js';

/** Tabs sent to the warning page from a blocked entry, until they show a web page. */
const sentOn = new Set();

/** The warning page URL as pages commit under it (the fixed id). */
const committedPrefix = () => new URL(WARNING_PATH, api.runtime.getURL('')).href;

/** The webNavigation filter for the blocked warning entries. */
export const WARNING_ENTRY_FILTER = { url: [{ urlPrefix: committedPrefix() }] };

/**
 * webNavigation.onErrorOccurred for a fixed-id warning URL: the first time,
 * the same warning page (same query) by its dynamic URL; when the tab was
 * just sent on from such an entry, a step back past it.
 * @param {{ tabId: number, frameId: number, url: string, error?: string }} details
 */
export async function onWarningEntryBlocked(details) {
  if (details.frameId !== 0 || details.tabId < 0 || details.error !== 'net::ERR_BLOCKED_BY_CLIENT') return;
  const query = details.url.slice(committedPrefix().length);
  if (query && !query.startsWith('?')) return;
  if (sentOn.has(details.tabId)) {
    try {
      await api.tabs.goBack(details.tabId);
      return;
    } catch {
      // Nothing before it: show the warning again below.
    }
  }
  sentOn.add(details.tabId);
  await showWarning(details.tabId, api.runtime.getURL(WARNING_PATH) + query);
}

/**
 * webNavigation.onCommitted: a tab that shows anything but the warning page
 * again has left the blocked entry behind.
 * @param {{ tabId: number, frameId: number, url: string }} details
 */
export function onMainFrameCommitted(details) {
  if (details.frameId === 0 && !details.url.startsWith(committedPrefix())) sentOn.delete(details.tabId);
}

/**
 * A closed tab is forgotten.
 * @param {number} tabId
 */
export function onTabRemoved(tabId) {
  sentOn.delete(tabId);
}
