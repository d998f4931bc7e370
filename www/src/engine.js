// Loads the WebAssembly engine and the signed list. Nothing here sees a query.

import init, { TurnbackEngine } from '../pkg/turnback.js';

let wasmReady = null;

/** Instantiates the WebAssembly module once; a failed attempt may be retried. */
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
 * Fetches the list with the browser's normal HTTP caching and verifies it.
 * Throws when the list cannot be fetched, is not signed by `publicKey`, is
 * damaged or has expired.
 */
export async function loadEngine({ list, publicKey, wasm }) {
  await initEngine(wasm);
  const res = await fetch(list);
  if (!res.ok) throw new Error(`list request failed with HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return TurnbackEngine.load(bytes, publicKey);
}
