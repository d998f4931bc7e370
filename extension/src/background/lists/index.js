// The list machinery wired to the real browser: chrome.storage, alarms,
// fetch, the engine owner (engine.js) and the packaged list. The logic lives
// in updater.js and its helpers, which take all of these as dependencies.

import { TurnbackEngine } from '../../../pkg/turnback.js';
import { api } from '../../shared/browser.js';
import { engineReady as ownerReady, packagedList, swapEngine as ownerSwap, wasmReady } from '../engine.js';
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
    const engine = await owner.engineReady();
    if (!engine) throw new Error('no list could be loaded');
    return engine;
  },
  swapEngine: (engine, source) => owner.swapEngine(engine, source),
  packagedList,
});

/**
 * The last good list persisted for the configured key, re-verified, or null
 * to use the packaged list (no list URL, nothing stored, another key,
 * expired or damaged).
 * @returns {Promise<{ bytes: Uint8Array, publicKey: string, source: string } | null>}
 */
export async function initialList() {
  await wasmReady();
  return lists.initialList();
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
