// The last good list in chrome.storage.local (`list`), and re-verifying it on
// a cold start. Bytes are stored as base64 (storage.local holds JSON only).

import { keyHex } from './settings.js';

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

/** Base64 of bytes, in chunks (String.fromCharCode has an argument limit). */
export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** Bytes of base64 text. */
export function fromBase64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i += 1) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Stores a verified list as the last good one.
 * @param {{ set(o: object): Promise<void> }} local chrome.storage.local
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
 * Whether a list may be stored, without reading it (it can be tens of MB):
 * true unless the storage says the record takes no bytes.
 * @param {{ getBytesInUse?(k: string): Promise<number> }} local
 */
export async function mayHaveStoredList(local) {
  try {
    return typeof local.getBytesInUse !== 'function' || (await local.getBytesInUse('list')) > 0;
  } catch {
    return true;
  }
}

/** The stored record, or null. */
export async function readStoredList(local) {
  const { list } = await local.get('list');
  if (!list || typeof list.bytes !== 'string' || typeof list.publicKey !== 'string') return null;
  return list;
}

/**
 * The stored list if it is for `publicKey` and still verifies (signature,
 * expiry) — or null, and why not.
 * @param {{ get(k: string): Promise<object> }} local
 * @param {string | undefined} publicKey the configured key (none: the packaged list is used)
 * @param {(bytes: Uint8Array, key: string, opts?: object) => any} loadEngine TurnbackEngine.load
 * @returns {Promise<{ list: { bytes: Uint8Array, publicKey: string, source: 'stored', record: StoredList, engine: any } | null, problem?: { code: string, message: string } }>}
 */
export async function verifiedStoredList(local, publicKey, loadEngine) {
  const record = await readStoredList(local);
  if (!record || !publicKey) return { list: null };
  if (keyHex(record.publicKey) !== keyHex(publicKey)) return { list: null };
  let bytes;
  try {
    bytes = fromBase64(record.bytes);
  } catch {
    return { list: null, problem: { code: 'stored-refused', message: 'the stored list is not valid base64' } };
  }
  try {
    const engine = loadEngine(bytes, publicKey);
    return { list: { bytes, publicKey, source: 'stored', record, engine } };
  } catch (err) {
    return {
      list: null,
      problem: { code: 'stored-refused', message: `the stored list was refused: ${err?.message ?? err}`, detail: String(err?.message ?? err) },
    };
  }
}
