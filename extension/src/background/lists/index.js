// The list machinery wired to the real browser: chrome.storage, alarms,
// fetch, the engine owner (engine.js) and the packaged list. The logic lives
// in updater.js and its helpers, which take all of these as dependencies.

import { TurnbackEngine } from '../../../pkg/turnback.js';
import { api } from '../../shared/browser.js';
import { currentSource, engineReady as ownerReady, packagedList, setFailMode, swapEngine as ownerSwap, wasmReady } from '../engine.js';
import { showProblems } from '../badge.js';
import { createLists } from './updater.js';

let owner = { engineReady: ownerReady, swapEngine: ownerSwap };

const lists = createLists({
  local: api.storage.local,
  managed: api.storage.managed,
  fetch: (url, init) => fetch(url, init),
  clock: () => Date.now(),
  alarms: api.alarms,
  // Synchronous: every caller has awaited wasmReady() (engine.js) first.
  loadEngine: (bytes, key, options) => TurnbackEngine.load(bytes, key, options),
  engineReady: async () => {
    await wasmReady();
    return owner.engineReady();
  },
  swapEngine: (engine, source) => owner.swapEngine(engine, source),
  engineSource: currentSource,
  setFailMode,
  onStatus: (status) => showProblems(status).catch(() => {}),
  packagedList,
});

/**
 * The last good list, re-verified under its own key and loaded, or null
 * (nothing stored, or it was refused).
 * @returns {Promise<{ engine: any, source: 'stored' } | null>}
 */
export async function initialList() {
  await wasmReady();
  return lists.initialList();
}

/**
 * With no stored list: whether a list URL is configured (then no packaged
 * list stands in for it) and the policy's fail mode.
 * @returns {Promise<{ configured: boolean, failMode: 'open' | 'closed' }>}
 */
export function listFallback() {
  return lists.fallback();
}

/**
 * Registers the update triggers (install, startup, the periodic and retry
 * alarms, a changed policy). Call once, synchronously, at the worker's top
 * level.
 * @param {{ engineReady: () => Promise<any>, swapEngine: (engine: any, source?: string) => void }} engine
 */
export function startUpdates({ engineReady, swapEngine }) {
  owner = { engineReady, swapEngine };
  lists.startUpdates(api);
  // A worker that starts on a stored list after the list URL was removed
  // goes back to the packaged list; and the badge shows this start's state.
  lists.reconcile().catch(() => {});
}

/**
 * Answers getStatus / saveSettings / updateNow from the extension's own
 * pages; undefined for any other message.
 * @param {{ type: string }} msg
 * @param {{ id?: string, url?: string }} sender
 * @returns {Promise<{ ok: true, status: object } | { ok: false, error: object }> | undefined}
 */
export function handleListMessage(msg, sender) {
  // Settings come only from the extension's own pages, never a content script.
  if (sender?.id !== api.runtime.id || !String(sender?.url ?? '').startsWith(api.runtime.getURL(''))) return undefined;
  return lists.handleMessage(msg);
}
