// Owns the current engine: the Wasm module, the list it loaded and the atomic
// swap to a newer list. A cold-started worker awaits `engineReady()` before
// any verdict, so nothing is decided without a loaded list.

import init, { TurnbackEngine } from '../../pkg/turnback.js';
import { api } from '../shared/browser.js';
import { initialList } from './lists/index.js';

const PACKAGED_LIST = 'lists/demo.tbl';
const PACKAGED_KEY = 'lists/demo.pub';

let wasm = null; // Promise of the initialised module, once per worker life
let ready = null; // Promise<TurnbackEngine | null>
let current = null; // { engine, source }
let settled = Promise.resolve(); // the persisted list swapped in, or known absent

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
 * How long the first decision waits for the persisted list before it starts
 * on the packaged one. Finding the persisted list needs the policy
 * (storage.managed), and Chromium's first storage.managed read after the
 * browser starts takes about 2 s: without a bound, every navigation in that
 * window (session restore included) would go unchecked.
 */
const STORED_GRACE_MS = 150;

/** The persisted list, verified, or null when there is none or it is refused. */
async function storedEngine() {
  try {
    const saved = await initialList();
    if (!saved) return null;
    return { engine: await loadEngine(saved.bytes, saved.publicKey), source: saved.source };
  } catch (err) {
    console.warn('turnback: saved list refused, using the packaged list:', err?.message ?? err);
    return null;
  }
}

/**
 * The persisted list if there is a good one, else the packaged list. The
 * packaged list loads from the start, beside the persisted one, so a cold
 * worker does not first wait out STORED_GRACE_MS and then load it. When the
 * persisted list is not there within STORED_GRACE_MS, starts on the
 * packaged list and swaps the persisted one in as soon as it is verified
 * (unless an update has swapped in a list meanwhile).
 */
async function start() {
  const stored = storedEngine();
  const packaged = packagedEngine().then(
    (engine) => ({ engine }),
    (err) => ({ err }),
  );
  const early = await Promise.race([stored, new Promise((ok) => setTimeout(ok, STORED_GRACE_MS, undefined))]);
  if (early) {
    current = early;
    packaged.then((p) => p.engine?.free?.());
    return early.engine;
  }
  if (early === undefined) {
    settled = stored.then((late) => {
      if (late && (current === null || current.source === 'packaged')) swapEngine(late.engine, late.source);
      else late?.engine.free?.();
    });
  }
  const { engine, err } = await packaged;
  if (engine) {
    current ??= { engine, source: 'packaged' };
    if (current.engine !== engine) engine.free?.(); // the persisted list came first
    return current.engine;
  }
  if (current) return current.engine; // the persisted list came in meanwhile
  console.error('turnback: packaged list refused:', err?.message ?? err);
  ready = null; // the next event tries again
  return null;
}

/**
 * The loaded engine. Never rejects: falls back to the packaged demo list, and
 * resolves to null only if even that cannot load (the caller lets the
 * navigation pass; the next call retries).
 * @returns {Promise<TurnbackEngine | null>}
 */
export function engineReady() {
  ready ??= start();
  return ready;
}

/**
 * The engine once the list the worker keeps using is known: after a start
 * on the packaged list, the persisted list swapped in, or known to be
 * absent or refused. For the startup block (startup.js), which must not be
 * lifted on the packaged list's verdicts while a configured list is on its
 * way. Resolves to null as engineReady() does.
 * @returns {Promise<TurnbackEngine | null>}
 */
export async function settledEngine() {
  await engineReady();
  await settled;
  return engineReady();
}

/**
 * Replaces the engine atomically: every later `engineReady()` gets the new
 * one. The old one is freed by the glue's finalizer once unreferenced, so a
 * check already holding it finishes safely.
 * @param {TurnbackEngine} engine
 * @param {string} [source] where the list came from, e.g. its URL
 */
export function swapEngine(engine, source = 'updated') {
  current = { engine, source };
  ready = Promise.resolve(engine);
}

/**
 * The current list's header and where it came from, or null before loading.
 * @returns {(import('../../pkg/turnback.js').ListInfo & { source: string }) | null}
 */
export function currentInfo() {
  if (!current) return null;
  return { ...current.engine.info(), source: current.source };
}
