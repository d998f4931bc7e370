// One update of a list from its configured URL, by delta where the publisher
// offers one (docs/publishing.md, "Publishing with deltas"): shared by the
// widget and the extension (the extension's build copies www/src/update/ to
// widget/update/). The URL serves either a publish index (it starts with
// `turnback-index 1\n`) or a plain list file, as before indexes existed.
// Every download goes through the caller's `fetchFile` (its time and size
// limits, its privacy rules) and every list through its `load` (its key
// set, its clock): this module only decides what to fetch and checks what
// came against the signed index. Nothing is kept here: the list held stays
// in force with the caller until a new one has loaded.

import { IndexError, hex, isIndex, keyIds, readIndex } from './index-file.js';
import { keysIn } from '../keyset.js';

/**
 * The caller's validators of the configured URL's last good response.
 * @typedef {{ etag?: string, lastModified?: string }} Validators
 */

/**
 * What `fetchFile` gives: a 304, or the body with its validators and the
 * URL it ended at (after redirects), if known.
 * @typedef {{ notModified: true }
 *   | { notModified: false, bytes: Uint8Array, etag?: string, lastModified?: string, url?: string }} Fetched
 */

/**
 * @template E
 * @typedef {object} UpdateDeps
 * @property {(url: string, validators: Validators | undefined, limits: { maxBytes?: number }) => Promise<Fetched>} fetchFile
 *   one GET, conditional with `validators`; throws on a network error or a status other than 200 / 304
 *   (a file the index names is fetched unconditionally, at most `maxBytes` long: its size in the index)
 * @property {(bytes: Uint8Array, heldSequence: number | undefined) => E} load verifies and loads a list
 *   under the pinned keys (TurnbackEngine.load with a key set), refusing one below `heldSequence`; throws
 * @property {(list: Uint8Array, delta: Uint8Array) => Uint8Array} applyDelta the Wasm module's
 * @property {(index: Uint8Array, publicKey: string) => void} verifyIndexSignature the Wasm module's
 * @property {(bytes: Uint8Array) => Promise<string>} [sha256] lowercase hex; default crypto.subtle
 * @property {(index: import('./index-file.js').PublishIndex) => unknown} [onIndex] called once an index is verified
 *   (before its files are fetched, whatever happens then): to remember when, for its min-interval (schedule.js)
 */

/**
 * What one update came to.
 *  - `not-modified`: the configured URL answered 304;
 *  - `unchanged`: the index names the sequence held (its new validators
 *    should replace the old ones);
 *  - `delta`: the held list and a delta rebuilt the index's list, loaded;
 *  - `full`: the full list was fetched and loaded; `index` is null for a
 *    plain list URL, and `fallback` says why a delta offered was not used
 *    (absent when none was offered for the held sequence, or none is held).
 * @template E
 * @typedef {{ kind: 'not-modified' }
 *   | { kind: 'unchanged', index: import('./index-file.js').PublishIndex, validators: Validators }
 *   | { kind: 'delta', engine: E, bytes: Uint8Array, index: import('./index-file.js').PublishIndex, validators: Validators }
 *   | { kind: 'full', engine: E, bytes: Uint8Array, index: import('./index-file.js').PublishIndex | null, validators: Validators,
 *       fallback?: { code: string, message: string } }} UpdateResult
 */

/**
 * Why an update failed (besides what `fetchFile` throws, passed on as it
 * is). `code`:
 *  - `index-refused`: the index does not parse or verify (`detail`: the
 *    IndexError code, e.g. bad-signature, unknown-key, malformed; or
 *    no-web-crypto: the page is no secure context, crypto.subtle is missing);
 *  - `index-older`: the index's sequence is below the one held (a rollback);
 *  - `full-mismatch`: the full file's size or SHA-256 is not the index's;
 *  - `full-fetch`: the full file was answered with a 304 (to no conditional request);
 *  - `refused`: the list (full, or the plain list URL's) was refused by `load`.
 * `fallback` is set when a delta was tried first and failed.
 */
export class UpdateError extends Error {
  /**
   * @param {string} code
   * @param {string} message English, lowercase start; never a visited URL or query
   * @param {{ detail?: string, cause?: unknown, fallback?: { code: string, message: string } }} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'UpdateError';
    this.code = code;
    if (extra.detail) this.detail = extra.detail;
    if (extra.fallback) this.fallback = extra.fallback;
  }
}

/**
 * Fetches the configured URL conditionally and, for an index, the delta from
 * the held sequence or else the full list, each checked against the index;
 * loads the new list. A delta path that fails in any way (not found, size or
 * SHA-256 mismatch, does not apply, result refused) falls back to the full
 * list.
 * @template E
 * @param {object} request
 * @param {string} request.url the configured URL (an index or a plain list)
 * @param {{ bytes: Uint8Array, sequence: number } | null} request.held the list in force from this URL and key set
 * @param {number} [request.heldSequence] refuse lists and indexes below it (default: the held sequence); may be
 *   higher than the held one (the highest ever accepted under these keys)
 * @param {Validators} [request.validators] of the held list's response from this URL
 * @param {unknown} request.publicKeys the pinned key set (keyset.js: a text or texts)
 * @param {UpdateDeps<E>} deps
 * @returns {Promise<UpdateResult<E>>}
 * @throws {UpdateError} or what `fetchFile` throws
 */
export async function updateList(request, deps) {
  const { url, held } = request;
  const heldSequence = request.heldSequence ?? held?.sequence;
  const got = await deps.fetchFile(url, held ? request.validators : undefined, {});
  if (got.notModified) return { kind: 'not-modified' };
  const validators = validatorsOf(got);
  if (!isIndex(got.bytes)) {
    return { kind: 'full', engine: loadOrRefuse(deps, got.bytes, heldSequence), bytes: got.bytes, index: null, validators };
  }
  // Key ids and file hashes are SHA-256 by Web Crypto, which a page gets only
  // in a secure context (https, localhost); a plain list URL needs none.
  if (!globalThis.crypto?.subtle) {
    throw new UpdateError('index-refused', 'reading an index needs web crypto (a page served over https or from localhost)', {
      detail: 'no-web-crypto',
    });
  }
  let index;
  try {
    index = readIndex(got.bytes, await keyIds(keysIn(request.publicKeys)), deps.verifyIndexSignature, heldSequence);
  } catch (err) {
    if (err instanceof IndexError && err.code === 'older') {
      throw new UpdateError('index-older', `the index was refused: ${err.message}`, { detail: err.code, cause: err });
    }
    const detail = err instanceof IndexError ? err.code : 'internal';
    throw new UpdateError('index-refused', `the index was refused: ${messageOf(err)}`, { detail, cause: err });
  }
  await deps.onIndex?.(index);
  if (held && held.sequence === index.sequence) return { kind: 'unchanged', index, validators };
  const base = got.url || url;
  const sha256 = deps.sha256 ?? digest;
  /** @type {{ code: string, message: string } | undefined} */
  let fallback;
  const delta = held ? index.deltas.find((d) => d.from === held.sequence) : undefined;
  if (held && delta) {
    try {
      const patch = await fetchNamed(deps, base, delta.file, sha256, 'delta');
      let rebuilt;
      try {
        rebuilt = deps.applyDelta(held.bytes, patch);
      } catch (err) {
        throw new UpdateError('delta-apply', `the delta does not apply: ${messageOf(err)}`);
      }
      await checkFile(rebuilt, index.full, sha256, 'result');
      let engine;
      try {
        engine = deps.load(rebuilt, heldSequence);
      } catch (err) {
        throw new UpdateError('delta-refused', `the list rebuilt from the delta was refused: ${messageOf(err)}`);
      }
      return { kind: 'delta', engine, bytes: rebuilt, index, validators };
    } catch (err) {
      fallback = { code: err instanceof UpdateError ? err.code : 'delta-fetch', message: messageOf(err) };
    }
  }
  let full;
  try {
    full = await fetchNamed(deps, base, index.full, sha256, 'full');
  } catch (err) {
    if (fallback && typeof err === 'object' && err !== null) /** @type {any} */ (err).fallback = fallback;
    throw err;
  }
  const engine = loadOrRefuse(deps, full, heldSequence, fallback);
  return fallback ? { kind: 'full', engine, bytes: full, index, validators, fallback } : { kind: 'full', engine, bytes: full, index, validators };
}

/**
 * @template E
 * @param {UpdateDeps<E>} deps
 * @param {Uint8Array} bytes
 * @param {number | undefined} heldSequence
 * @param {{ code: string, message: string }} [fallback]
 */
function loadOrRefuse(deps, bytes, heldSequence, fallback) {
  try {
    return deps.load(bytes, heldSequence);
  } catch (err) {
    const detail = messageOf(err);
    throw new UpdateError('refused', `the downloaded list was refused: ${detail}`, { detail, cause: err, fallback });
  }
}

/**
 * A file the index names, fetched from the index's directory and checked.
 * @template E
 * @param {UpdateDeps<E>} deps
 * @param {string} base the index's URL
 * @param {import('./index-file.js').IndexFile} file
 * @param {(bytes: Uint8Array) => Promise<string>} sha256
 * @param {'delta' | 'full'} what
 */
async function fetchNamed(deps, base, file, sha256, what) {
  // The index allows plain names only, so this stays in its directory.
  const got = await deps.fetchFile(new URL(file.name, base).href, undefined, { maxBytes: file.size });
  if (got.notModified) throw new UpdateError(`${what}-fetch`, `the ${what} file was answered with 304 to an unconditional request`);
  await checkFile(got.bytes, file, sha256, what);
  return got.bytes;
}

/**
 * @param {Uint8Array} bytes
 * @param {import('./index-file.js').IndexFile} file
 * @param {(bytes: Uint8Array) => Promise<string>} sha256
 * @param {'delta' | 'full' | 'result'} what
 */
async function checkFile(bytes, file, sha256, what) {
  const code = `${what}-mismatch`;
  const label = what === 'result' ? 'the list rebuilt from the delta' : `the ${what} file`;
  if (bytes.length !== file.size) throw new UpdateError(code, `${label} is ${bytes.length} bytes, not the index's ${file.size}`);
  if ((await sha256(bytes)) !== file.sha256) throw new UpdateError(code, `${label} does not have the index's SHA-256`);
}

/**
 * SHA-256 by Web Crypto (the extension's worker, https pages, Node).
 * @param {Uint8Array} bytes
 */
async function digest(bytes) {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', /** @type {Uint8Array<ArrayBuffer>} */ (bytes))));
}

/**
 * @param {{ etag?: string, lastModified?: string }} got
 * @returns {Validators}
 */
function validatorsOf(got) {
  /** @type {Validators} */
  const v = {};
  if (got.etag) v.etag = got.etag;
  if (got.lastModified) v.lastModified = got.lastModified;
  return v;
}

/** @param {unknown} err */
function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}
