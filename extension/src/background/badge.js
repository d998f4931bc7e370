// The toolbar badge: a "!" and a tooltip naming the problem when the lists
// need attention (no list in force, an expired one, no update for days; see
// lists/updater.js), nothing otherwise. It never shows browsing data.

import { api } from '../shared/browser.js';

/** Message keys (locales/core.json) per problem, the weightiest first. */
/** @type {Record<string, string>} */
const TITLES = { 'no-list': 'badgeNoList', expired: 'badgeExpired', stale: 'badgeStale' };
/**
 * The English texts, for when the worker's i18n has none: seen in Chromium
 * 156 right after a browser restart, where getMessage returned "" for every
 * key in the worker (a fresh-clone test run), which would leave the tooltip
 * without its reason.
 */
/** @type {Record<string, string>} */
const ENGLISH = {
  extName: 'Turnback',
  badgeNoList: 'no list in use: pages are not checked',
  badgeExpired: 'the list has expired and could not be updated',
  badgeStale: 'the list has not been updated for days',
};
/** @param {string} key */
const text = (key) => api.i18n.getMessage(key) || ENGLISH[key];
const COLOR = '#b3261e';

/**
 * Shows the first of the status's problems on the toolbar icon, or clears it.
 * @param {{ problems: string[] }} status from the updater
 */
export async function showProblems({ problems }) {
  const action = api.action;
  if (!action) return;
  const first = problems.find((p) => p in TITLES);
  const name = text('extName');
  if (!first) {
    await action.setBadgeText({ text: '' });
    await action.setTitle({ title: name });
    return;
  }
  await action.setBadgeBackgroundColor({ color: COLOR });
  await action.setBadgeText({ text: '!' });
  await action.setTitle({ title: `${name}: ${text(TITLES[first])}` });
}
