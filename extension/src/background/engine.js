// Owns the current engine: the Wasm module, the list it loaded and the atomic
// swap to a newer list. A cold-started worker awaits `engineReady()` before
// any verdict, so nothing is decided without knowing which list is in force.

import init, { TurnbackEngine } from '../../pkg/turnback.js';
import { api } from '../shared/browser.js';
import { initialList, listFallback } from './lists/index.js';

const PACKAGED_LIST = 'lists/demo.tbl';
const PACKAGED_KEY = 'lists/demo.pub';

let wasm = null; // Promise of the initialised module, once per worker life
let ready = null; // Promise<TurnbackEngine | null>
let current = null; // { engine: TurnbackEngine | null, source }
let failMode = 'open'; // the policy's, for navigations no list can check

/** Initialises the packaged Wasm module once; later calls share the promise. */
export function wasmReady() {
  wasm ??= init({ module_or_path: fetch(api.runtime.getURL('pkg/turnback_bg.wasm')) });
  return wasm;
}

/**
 * Verifies and loads a signed list with the Wasm engine (for LISTS too).
 * Rejects with the engine's error, e.g. "list signature does not verify".
 * @param {Uint8Array} bytes
 * @param {string} publicKey
 * @param {{ now?: number, heldSequence?: number }} [options]
 * @returns {Promise<TurnbackEngine>}
 */
export async function loadEngine(bytes, publicKey, options) {
  await wasmReady();
  return TurnbackEngine.load(bytes, publicKey, options);
}

/** The bytes of the list shipped inside the extension, and its pinned key. */
export async function packagedList() {
  const [bytes, key] = await Promise.all([
    fetch(api.runtime.getURL(PACKAGED_LIST)).then((r) => r.arrayBuffer()),
    fetch(api.runtime.getURL(PACKAGED_KEY)).then((r) => r.text()),
  ]);
  return { bytes: new Uint8Array(bytes), publicKey: key.trim() };
}

/** The packaged list, verified and loaded. */
async function packagedEngine() {
  const { bytes, publicKey } = await packagedList();
  return loadEngine(bytes, publicKey);
}

/**
 * The stored list if there is a good one (whatever its expiry: the last good
 * list stays in force); else, with no list URL configured, the packaged demo
 * list; else no list at all, never the packaged one in place of a
 * configured list: protection and rollback protection would be gone while
 * looking in force. The updater swaps in the first list it downloads.
 */
async function start() {
  try {
    await wasmReady();
    const stored = await initialList().catch((err) => {
      console.warn('turnback: the stored list was refused:', err?.message ?? err);
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
    console.error('turnback: no list could be loaded:', err?.message ?? err);
    ready = null; // the next event tries again
    return null;
  }
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

/** Where the list in force came from: 'packaged', 'stored', 'downloaded' or 'none'. */
export function currentSource() {
  return current?.source ?? 'none';
}

/**
 * Replaces the engine atomically: every later `engineReady()` gets the new
 * one. The old one is freed by the glue's finalizer once unreferenced, so a
 * check already holding it finishes safely.
 * @param {TurnbackEngine | null} engine null: no list in force (source 'none')
 * @param {string} [source] where the list came from: 'packaged', 'stored', 'downloaded', 'none'
 */
export function swapEngine(engine, source = 'updated') {
  current = { engine, source };
  ready = Promise.resolve(engine);
}
