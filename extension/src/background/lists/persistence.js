// The last good list in chrome.storage.local (`list`), and re-verifying it on
// a cold start. Bytes are stored as base64 (storage.local holds JSON only).

import { keyHexes } from './settings.js';
import { errorMessage } from '../../shared/errors.js';

/**
 * What this module uses of a storage area (storage.local, or a test's stand-in).
 * @typedef {{ get(keys: string): Promise<Record<string, unknown>>, set(items: Record<string, unknown>): Promise<void> }} StorageArea
 */

/** @typedef {import('../../../pkg/turnback.js').TurnbackEngine} TurnbackEngine */

/**
 * @typedef {object} StoredList
 * @property {string} bytes base64 of the list file
 * @property {string} publicKey the key it verified under
 * @property {number} sequence
 * @property {string} [url] where it was downloaded from (its validators belong to it)
 * @property {string} [etag]
 * @property {string} [lastModified]
 * @property {number} fetchedAt ms since the epoch
 */

/**
 * Base64 of bytes, in chunks (String.fromCharCode has an argument limit).
 * @param {Uint8Array} bytes
 */
export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/**
 * Bytes of base64 text.
 * @param {string} text
 */
export function fromBase64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i += 1) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Stores a verified list as the last good one.
 * @param {Pick<StorageArea, 'set'>} local chrome.storage.local
 * @param {{ bytes: Uint8Array, publicKey: string, sequence: number, url?: string,
 *   etag?: string, lastModified?: string, fetchedAt: number }} list
 */
export async function saveList(local, list) {
  /** @type {StoredList} */
  const record = {
    bytes: toBase64(list.bytes),
    publicKey: list.publicKey,
    sequence: list.sequence,
    fetchedAt: list.fetchedAt,
  };
  if (list.url) record.url = list.url;
  if (list.etag) record.etag = list.etag;
  if (list.lastModified) record.lastModified = list.lastModified;
  await local.set({ list: record });
}

/**
 * New validators of the configured URL for the stored list (an index that
 * names the sequence held came with a new ETag): the next request is
 * conditional on them.
 * @param {StorageArea} local
 * @param {{ etag?: string, lastModified?: string }} validators
 */
export async function saveValidators(local, validators) {
  const record = await readStoredList(local);
  if (!record) return;
  /** @type {StoredList} */
  const next = { ...record };
  delete next.etag;
  delete next.lastModified;
  if (validators.etag) next.etag = validators.etag;
  if (validators.lastModified) next.lastModified = validators.lastModified;
  await local.set({ list: next });
}

/**
 * When the publish index at `url` was last fetched (a 200 or a 304) and the
 * min-interval it named (`indexFetch`): kept apart from the list, since a
 * fetch whose delta and full list then failed counts too.
 * @typedef {{ url: string, at: number, minInterval: number }} IndexFetch
 */

/**
 * Records a fetch of the index at `url`.
 * @param {Pick<StorageArea, 'set'>} local
 * @param {IndexFetch} fetch
 */
export async function noteIndexFetch(local, fetch) {
  await local.set({ indexFetch: { url: fetch.url, at: fetch.at, minInterval: fetch.minInterval } });
}

/**
 * The last fetch of the index at `url`, or null (never, or another URL's).
 * @param {Pick<StorageArea, 'get'>} local
 * @param {string} url
 * @returns {Promise<IndexFetch | null>}
 */
export async function readIndexFetch(local, url) {
  const { indexFetch } = await local.get('indexFetch');
  const f = /** @type {Partial<IndexFetch> | undefined} */ (indexFetch);
  if (!f || f.url !== url || typeof f.at !== 'number' || typeof f.minInterval !== 'number') return null;
  return /** @type {IndexFetch} */ (f);
}

/**
 * The stored record, or null.
 * @param {Pick<StorageArea, 'get'>} local
 * @returns {Promise<StoredList | null>}
 */
export async function readStoredList(local) {
  const list = /** @type {Partial<StoredList> | undefined} */ ((await local.get('list')).list);
  if (!list || typeof list.bytes !== 'string' || typeof list.publicKey !== 'string') return null;
  return /** @type {StoredList} */ (list);
}

/**
 * The stored list, re-verified under the key it was accepted with — or
 * null, and why not. Expiry is checked when a list is accepted, not again
 * while it is held: the last good list stays in force after its `expires`
 * (the status reports it as expired and the updater tries harder), because
 * dropping it would leave the browser with no real list at all. Signature,
 * key and structure are verified as on every load.
 * @param {Pick<StorageArea, 'get'>} local
 * @param {(bytes: Uint8Array, key: string, opts?: { now?: number }) => TurnbackEngine} loadEngine TurnbackEngine.load
 * @returns {Promise<{ list: { bytes: Uint8Array, publicKey: string, source: 'stored', record: StoredList, engine: TurnbackEngine } | null, problem?: { code: string, message: string, detail?: string } }>}
 */
export async function verifiedStoredList(local, loadEngine) {
  const record = await readStoredList(local);
  if (!record) return { list: null };
  let bytes;
  try {
    bytes = fromBase64(record.bytes);
  } catch {
    return { list: null, problem: { code: 'stored-refused', message: 'the stored list is not valid base64' } };
  }
  try {
    // As of when it was accepted (see above); a record without the time is
    // checked against now.
    const acceptedAt = Number.isFinite(record.fetchedAt) ? { now: Math.floor(record.fetchedAt / 1000) } : undefined;
    const engine = loadEngine(bytes, record.publicKey, acceptedAt);
    return { list: { bytes, publicKey: record.publicKey, source: 'stored', record, engine } };
  } catch (err) {
    return {
      list: null,
      problem: { code: 'stored-refused', message: `the stored list was refused: ${errorMessage(err)}`, detail: String(errorMessage(err)) },
    };
  }
}

/**
 * The highest sequence accepted so far per publisher key (64 hex digits →
 * sequence), kept apart from the list itself: rollback protection holds even
 * when the stored list is lost, replaced or belongs to another key.
 * @param {Pick<StorageArea, 'get'>} local
 * @returns {Promise<Record<string, number>>}
 */
export async function heldSequences(local) {
  const { sequences } = await local.get('sequences');
  return sequences && typeof sequences === 'object' ? /** @type {Record<string, number>} */ (sequences) : {};
}

/**
 * Records that a list of `sequence` was accepted under `publicKey`: under
 * every key of a key set, since the keys of one set are one publisher's and
 * its sequence keeps growing across a key change (`verify --newer-than`).
 * @param {StorageArea} local
 * @param {string} publicKey one key or a key set
 * @param {number} sequence
 */
export async function noteSequence(local, publicKey, sequence) {
  const all = await heldSequences(local);
  const raised = keyHexes(publicKey).filter((key) => !(all[key] >= sequence));
  if (raised.length === 0) return;
  const sequences = { ...all };
  for (const key of raised) sequences[key] = sequence;
  await local.set({ sequences });
}

/**
 * The highest sequence accepted under any key of a key set, or -1.
 * @param {Record<string, number>} sequences from heldSequences
 * @param {string} publicKey one key or a key set
 */
export function highestSequence(sequences, publicKey) {
  return Math.max(-1, ...keyHexes(publicKey).map((key) => (Number.isSafeInteger(sequences[key]) ? sequences[key] : -1)));
}
