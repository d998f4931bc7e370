// Fakes for the browser APIs the list modules take as dependencies, and the
// real Wasm engine from www/pkg. Not a test file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaled } from '../../deadline.mjs';
import { applyDelta, initSync, TurnbackEngine, verifyIndexSignature } from '../../../www/pkg/turnback.js';
import { createLists } from '../../../extension/src/background/lists/updater.js';
import { loadWithKeySet } from '../../../extension/src/shared/keyset.js';
import { DEMO_KEY, REPO } from './fixtures.mjs';

initSync({ module: readFileSync(join(REPO, 'www/pkg/turnback_bg.wasm')) });

export { TurnbackEngine };
/** The packaged demo list (target/demo/demo.tbl, `make build`). */
export const PACKAGED = new Uint8Array(readFileSync(join(REPO, 'target/demo/demo.tbl')));

/** chrome.storage-like area over a plain object (values are JSON-copied, as the browser does). */
export function fakeArea(initial = {}) {
  let data = structuredClone(initial);
  return {
    data: () => data,
    async get(keys) {
      if (keys === undefined || keys === null) return structuredClone(data);
      const out = {};
      for (const k of [].concat(keys)) if (k in data) out[k] = structuredClone(data[k]);
      return out;
    },
    async set(o) {
      data = { ...data, ...JSON.parse(JSON.stringify(o)) };
    },
    async remove(k) {
      delete data[k];
    },
  };
}

/** chrome.alarms-like record of created and cleared alarms. */
export function fakeAlarms() {
  const alarms = new Map();
  return {
    alarms,
    async create(name, info) {
      alarms.set(name, { name, ...info });
    },
    async clear(name) {
      return alarms.delete(name);
    },
    async get(name) {
      return alarms.get(name);
    },
  };
}

/** A minimal event target like chrome.*.onX. */
export function fakeEvent() {
  const listeners = [];
  return { listeners, addListener: (f) => listeners.push(f), fire: (...a) => listeners.forEach((f) => f(...a)) };
}

/**
 * The list machinery over fakes, the real engine and real fetch. The engine
 * holder starts with the packaged list, as the worker does when there is no
 * stored list and no list URL (set `holder.engine = null; holder.source =
 * 'none'` for a configured one). `clock` can be moved (ms). The download
 * limits default to short deadlines, scaled (tests/deadline.mjs); a test of
 * those limits passes its own. `random` (the jitter of scheduled fetches)
 * defaults to 0: no jitter, so times are exact; a jitter test passes its own.
 */
export function makeLists({
  local = fakeArea(),
  managed,
  clock = () => Date.now(),
  timeoutMs = scaled(3000),
  stallMs = scaled(1000),
  maxBytes,
  random = () => 0,
} = {}) {
  const holder = { engine: TurnbackEngine.load(PACKAGED, DEMO_KEY), source: 'packaged', swaps: 0, failMode: 'open', statuses: [] };
  const alarms = fakeAlarms();
  const lists = createLists({
    local,
    managed,
    fetch: globalThis.fetch,
    clock: () => clock(),
    alarms,
    // As extension/src/background/wasm.js loads: each key of a key set in turn.
    loadEngine: (bytes, key, opts) => loadWithKeySet((k) => TurnbackEngine.load(bytes, k, opts), key),
    engineReady: async () => holder.engine,
    swapEngine: (e, source) => {
      holder.engine = e;
      holder.source = source;
      if (e) holder.swaps += 1; // lists swapped in; not the step to no list
    },
    engineSource: () => holder.source,
    setFailMode: (mode) => {
      holder.failMode = mode;
    },
    onStatus: (status) => holder.statuses.push(status),
    packagedList: async () => ({ bytes: PACKAGED, publicKey: DEMO_KEY }),
    applyDelta,
    verifyIndexSignature,
    random,
    timeoutMs,
    stallMs,
    maxBytes,
  });
  return { lists, holder, alarms, local };
}
