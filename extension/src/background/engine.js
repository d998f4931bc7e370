// Owns the current engine: the list in force, where it came from, the
// policy's fail mode and the atomic swap to a newer list. A cold-started
// worker awaits `engineReady()` before any verdict, so nothing is decided
// without knowing which list is in force. The list machinery is handed in
// (`startEngine`), not imported: lists/ gets this owner the same way, so
// neither imports the other.

import { packagedEngine, wasmReady } from './wasm.js';
import { errorMessage } from '../shared/errors.js';

/** @typedef {import('../../pkg/turnback.js').TurnbackEngine} TurnbackEngine */
/** @typedef {import('../shared/protocol.js').ListSource} EngineSource */

/**
 * Where a cold start finds its list, handed in by main.js from the list
 * machinery (lists/index.js), which this module does not import.
 * @typedef {object} ListSource
 * @property {() => Promise<{ engine: TurnbackEngine, source: 'stored' } | null>} initialList
 *   the last good list, re-verified, or null (nothing stored, or refused)
 * @property {() => Promise<{ configured: boolean, failMode: 'open' | 'closed' }>} listFallback
 *   with no stored list: whether a list URL is configured, and the policy's fail mode
 */

/** @type {(source: ListSource) => void} */
let provideSource = () => {};
/**
 * The list source, once main.js has handed it in: until then a cold start
 * waits for it rather than decide anything without it.
 * @type {Promise<ListSource>}
 */
const listSource = new Promise((resolve) => {
  provideSource = resolve;
});
/** @type {Promise<TurnbackEngine | null> | null} */
let ready = null;
/** @type {{ engine: TurnbackEngine | null, source: EngineSource } | null} */
let current = null;
/** @type {'open' | 'closed'} the policy's, for navigations no list can check */
let failMode = 'open';

/**
 * The stored list if there is a good one (whatever its expiry: the last good
 * list stays in force); else, with no list URL configured, the packaged demo
 * list; else no list at all, never the packaged one in place of a
 * configured list: protection and rollback protection would be gone while
 * looking in force. The updater swaps in the first list it downloads.
 */
async function start() {
  try {
    const { initialList, listFallback } = await listSource;
    await wasmReady();
    const stored = await initialList().catch((err) => {
      console.warn('turnback: the stored list was refused:', errorMessage(err));
      return null;
    });
    if (stored) {
      current = stored;
      return stored.engine;
    }
    const fallback = await listFallback();
    failMode = fallback.failMode;
    if (fallback.configured) {
      current = { engine: null, source: 'none' };
      return null;
    }
    const engine = await packagedEngine();
    current = { engine, source: 'packaged' };
    return engine;
  } catch (err) {
    console.error('turnback: no list could be loaded:', errorMessage(err));
    ready = null; // the next event tries again
    return null;
  }
}

/**
 * Hands in where cold starts find their list and starts loading it. Call
 * once, at the worker's top level.
 * @param {ListSource} source
 * @returns {Promise<TurnbackEngine | null>} as `engineReady()`
 */
export function startEngine(source) {
  provideSource(source);
  return engineReady();
}

/**
 * The loaded engine. Never rejects; resolves to null while no list is in
 * force (a list URL is configured and nothing from it verified yet, or the
 * module failed to load): the caller then applies the fail mode
 * (`failsClosed()`).
 * @returns {Promise<TurnbackEngine | null>}
 */
export function engineReady() {
  ready ??= start();
  return ready;
}

/**
 * True when the policy asks that navigations which cannot be checked (no
 * list in force) are stopped rather than let through.
 * @returns {boolean}
 */
export function failsClosed() {
  return failMode === 'closed';
}

/**
 * The policy's fail mode, as the updater reads it on every attempt.
 * @param {'open' | 'closed'} mode
 */
export function setFailMode(mode) {
  failMode = mode === 'closed' ? 'closed' : 'open';
}

/**
 * Where the list in force came from: 'packaged', 'stored', 'downloaded' or 'none'.
 * @returns {EngineSource}
 */
export function currentSource() {
  return current?.source ?? 'none';
}

/**
 * Replaces the engine atomically: every later `engineReady()` gets the new
 * one. The old one is freed by the glue's finalizer once unreferenced, so a
 * check already holding it finishes safely.
 * @param {TurnbackEngine | null} engine null: no list in force (source 'none')
 * @param {EngineSource} [source] where the list came from
 */
export function swapEngine(engine, source = 'updated') {
  current = { engine, source };
  ready = Promise.resolve(engine);
}
