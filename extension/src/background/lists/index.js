// The list machinery wired to the real browser: chrome.storage, alarms,
// fetch, the packaged list and the engine owner, which main.js hands in
// (engine.js is not imported here: it gets this machinery the same way).
// The logic lives in updater.js and its helpers, which take all of these as
// dependencies.

import { api } from '../../shared/browser.js';
import { applyDelta, loadEngine, packagedList, verifyIndexSignature, wasmReady } from '../wasm.js';
import { showProblems } from '../badge.js';
import { createLists } from './updater.js';

/** @typedef {import('../../../pkg/turnback.js').TurnbackEngine} TurnbackEngine */

/**
 * The engine owner's side the list machinery drives (engine.js).
 * @typedef {object} EngineOwner
 * @property {() => Promise<TurnbackEngine | null>} engineReady the engine in force, or null when no list is
 * @property {(engine: TurnbackEngine | null, source: 'packaged' | 'downloaded' | 'none') => void} swapEngine atomic replace
 * @property {() => import('../../shared/protocol.js').ListSource} currentSource
 * @property {(mode: 'open' | 'closed') => void} setFailMode
 */

/**
 * The worker's list machinery around the engine owner.
 * @param {EngineOwner} owner
 */
export function createWorkerLists(owner) {
  const lists = createLists({
    local: api.storage.local,
    managed: api.storage.managed,
    fetch: (url, init) => fetch(url, init),
    clock: () => Date.now(),
    alarms: api.alarms,
    // Synchronous: every caller has awaited wasmReady() first.
    loadEngine,
    engineReady: async () => {
      await wasmReady();
      return owner.engineReady();
    },
    swapEngine: owner.swapEngine,
    engineSource: owner.currentSource,
    setFailMode: owner.setFailMode,
    onStatus: (status) => showProblems(status).catch(() => {}),
    packagedList,
    applyDelta,
    verifyIndexSignature,
  });

  /**
   * The last good list, re-verified under its own key and loaded, or null
   * (nothing stored, or it was refused).
   * @returns {Promise<{ engine: TurnbackEngine, source: 'stored' } | null>}
   */
  async function initialList() {
    await wasmReady();
    return lists.initialList();
  }

  /**
   * With no stored list: whether a list URL is configured (then no packaged
   * list stands in for it) and the policy's fail mode.
   * @returns {Promise<{ configured: boolean, failMode: 'open' | 'closed' }>}
   */
  function listFallback() {
    return lists.fallback();
  }

  /**
   * Registers the update triggers (install, startup, the periodic and retry
   * alarms, a changed policy). Call once, synchronously, at the worker's top
   * level.
   */
  function startUpdates() {
    lists.startUpdates(api);
    // A worker that starts on a stored list after the list URL was removed
    // goes back to the packaged list; and the badge shows this start's state.
    lists.reconcile().catch(() => {});
  }

  /**
   * Answers getStatus / saveSettings / updateNow from the extension's own
   * pages; undefined for any other message or sender.
   * @param {import('../../shared/protocol.js').GetStatusMessage | import('../../shared/protocol.js').SaveSettingsMessage
   *   | import('../../shared/protocol.js').UpdateNowMessage} msg
   * @param {{ id?: string, url?: string }} sender
   * @returns {Promise<import('../../shared/protocol.js').ListReply> | undefined}
   */
  function handleListMessage(msg, sender) {
    // Settings come only from the extension's own pages, never a content script.
    if (sender?.id !== api.runtime.id || !String(sender?.url ?? '').startsWith(api.runtime.getURL(''))) return undefined;
    return lists.handleMessage(msg);
  }

  return { initialList, listFallback, startUpdates, handleListMessage };
}
