// The toolbar badge: a "!" and a tooltip naming the problem when the lists
// need attention (no list in force, an expired one, no update for days; see
// lists/updater.js), nothing otherwise. It never shows browsing data.

import { api } from '../shared/browser.js';

/** Message keys (locales/core.json) per problem, the weightiest first. */
const TITLES = { 'no-list': 'badgeNoList', expired: 'badgeExpired', stale: 'badgeStale' };
const COLOR = '#b3261e';

/**
 * Shows the first of the status's problems on the toolbar icon, or clears it.
 * @param {{ problems: string[] }} status from the updater
 */
export async function showProblems({ problems }) {
  const action = api.action;
  if (!action) return;
  const first = problems.find((p) => p in TITLES);
  const name = api.i18n.getMessage('extName') || 'Turnback';
  if (!first) {
    await action.setBadgeText({ text: '' });
    await action.setTitle({ title: name });
    return;
  }
  await action.setBadgeBackgroundColor({ color: COLOR });
  await action.setBadgeText({ text: '!' });
  await action.setTitle({ title: `${name}: ${api.i18n.getMessage(TITLES[first])}` });
}
