// The packaged parts the worker loads from its own files: the Wasm module
// and the signed demo list with its pinned key. A leaf of the worker's
// import graph: the engine owner (engine.js) and the list machinery
// (lists/) both load through here and import nothing from each other.

import init, { TurnbackEngine } from '../../pkg/turnback.js';

// Delta updates (lists/updater.js): synchronous too, after wasmReady().
export { applyDelta, verifyIndexSignature } from '../../pkg/turnback.js';
import { api } from '../shared/browser.js';
import { loadWithKeySet } from '../shared/keyset.js';

const PACKAGED_LIST = 'lists/demo.tbl';
const PACKAGED_KEY = 'lists/demo.pub';

/** @type {Promise<unknown> | null} the initialised module, once per worker life */
let wasm = null;

/**
 * Initialises the packaged Wasm module once; later calls share the promise.
 * @returns {Promise<unknown>}
 */
export function wasmReady() {
  wasm ??= init({ module_or_path: fetch(api.runtime.getURL('pkg/turnback_bg.wasm')) });
  return wasm;
}

/**
 * Verifies and loads a signed list with the Wasm engine. Synchronous, so a
 * caller must have awaited `wasmReady()` first. `publicKey` may be a key set
 * (src/shared/keyset.js): the list must verify under one of its keys.
 * Throws the engine's error, e.g. "list signature does not verify".
 * @param {Uint8Array} bytes
 * @param {string} publicKey one key, or several (one a line)
 * @param {{ now?: number, heldSequence?: number }} [options]
 * @returns {TurnbackEngine}
 */
export function loadEngine(bytes, publicKey, options) {
  return loadWithKeySet((key) => TurnbackEngine.load(bytes, key, options), publicKey);
}

/**
 * The bytes of the list shipped inside the extension, and its pinned key.
 * @returns {Promise<{ bytes: Uint8Array, publicKey: string }>}
 */
export async function packagedList() {
  const [bytes, key] = await Promise.all([
    fetch(api.runtime.getURL(PACKAGED_LIST)).then((r) => r.arrayBuffer()),
    fetch(api.runtime.getURL(PACKAGED_KEY)).then((r) => r.text()),
  ]);
  return { bytes: new Uint8Array(bytes), publicKey: key.trim() };
}

/**
 * The packaged list, verified and loaded (the module initialised first).
 * @returns {Promise<TurnbackEngine>}
 */
export async function packagedEngine() {
  await wasmReady();
  const { bytes, publicKey } = await packagedList();
  return loadEngine(bytes, publicKey);
}
