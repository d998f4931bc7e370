// Loads the WebAssembly engine and the signed list. Nothing here sees a query.

import init, { TurnbackEngine } from '../pkg/turnback.js';

const FETCH_TIMEOUT_MS = 300_000;

/** @type {Promise<import('../pkg/turnback.js').InitOutput> | null} */
let wasmReady = null;

/**
 * Instantiates the WebAssembly module once; a failed attempt may be retried.
 * @param {string | URL} [wasm] URL of turnback_bg.wasm (default: next to the glue)
 */
export function initEngine(wasm) {
  if (!wasmReady) {
    wasmReady = (wasm === undefined ? init() : init({ module_or_path: wasm })).catch((err) => {
      wasmReady = null;
      throw err;
    });
  }
  return wasmReady;
}

/**
 * Fetches the list's bytes through the browser's HTTP cache. `cache` is a
 * `fetch()` cache mode: "default" lets a fresh cached copy answer without
 * asking the server; "no-cache" always revalidates (a conditional request
 * with the cached ETag / Last-Modified, so an unchanged list costs a 304).
 * Throws when the request fails, takes over 5 minutes or the status is not 2xx.
 * @param {string | URL} list
 * @param {RequestCache} [cache]
 * @returns {Promise<Uint8Array<ArrayBuffer>>}
 */
export async function fetchList(list, cache = 'default') {
  // A request that never ends would hold up every later refresh: give up
  // after a time generous enough for a large list on a slow connection.
  const signal = typeof AbortSignal !== 'undefined' && AbortSignal.timeout ? AbortSignal.timeout(FETCH_TIMEOUT_MS) : undefined;
  const res = await fetch(list, { cache, signal });
  if (!res.ok) throw new Error(`list request failed with HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * The SHA-256 of the bytes as hex, to tell an unchanged list from a new one
 * without verifying it again; null where Web Crypto is missing (pages not
 * served over https or from localhost), and the caller then always verifies.
 * @param {Uint8Array<ArrayBuffer>} bytes
 * @returns {Promise<string | null>}
 */
export async function listDigest(bytes) {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) return null;
  try {
    const hash = new Uint8Array(await subtle.digest('SHA-256', bytes));
    return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}

/**
 * Verifies the list and returns its engine (the Wasm module must be ready).
 * With `heldSequence` a list older than the one in use is refused. Throws
 * when the list is not signed by `publicKey`, is damaged, expired or older.
 * @param {Uint8Array} bytes
 * @param {string} publicKey
 * @param {number} [heldSequence]
 */
export function verifyList(bytes, publicKey, heldSequence) {
  return TurnbackEngine.load(bytes, publicKey, heldSequence === undefined ? undefined : { heldSequence });
}
