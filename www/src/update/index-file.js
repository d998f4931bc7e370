// The publish index (docs/list-format.md, "The index") read in JavaScript:
// as strict as src/list/index.rs, the reference, with the same line order,
// field shapes, limits and errors (tests/data/index-cases.json holds the
// cases both must agree on). Only the Ed25519 signature is checked in Wasm
// (verifyIndexSignature): a Rust parser with its JS objects cost the module
// 5.7 KB gzipped. One copy for the widget and the extension (the extension's
// build copies www/src/update/ to widget/update/).

/** The first line of every index. */
export const INDEX_HEADER = 'turnback-index 1';
/** The largest index a reader accepts, in bytes. */
export const MAX_INDEX_LEN = 64 * 1024;
/** The most delta lines an index may hold. */
export const MAX_INDEX_DELTAS = 256;
const MAX_NAME = 128;
const ORDER =
  'unexpected line (the lines are turnback-index, list, key, sequence, created, min-interval, full, delta…, signature)';

/**
 * A file the index names: a plain name in the index's directory, its size
 * and SHA-256 (64 lowercase hex digits).
 * @typedef {{ name: string, size: number, sha256: string }} IndexFile
 */

/**
 * A publish index's contents. Numbers above 2^53 - 1 are refused (a JS
 * number would round them), which no real list reaches.
 * @typedef {object} PublishIndex
 * @property {string} listId
 * @property {string} keyId 16 lowercase hex digits
 * @property {number} sequence the latest published sequence
 * @property {number} created Unix seconds
 * @property {number} minInterval seconds a client waits at least between two fetches of the index
 * @property {IndexFile} full the full list of `sequence`
 * @property {{ from: number, file: IndexFile }[]} deltas by ascending `from`
 */

/**
 * Why an index is refused. `code` is one of: too-large, not-text,
 * unsupported-version, malformed, unknown-key, bad-signature, older (the
 * variants of src/list/index.rs's IndexError); `line` is set for not-text
 * and malformed.
 */
export class IndexError extends Error {
  /**
   * @param {string} code
   * @param {string} message lowercase, as the Rust reader's
   * @param {number} [line]
   */
  constructor(code, message, line) {
    super(message);
    this.name = 'IndexError';
    this.code = code;
    if (line !== undefined) this.line = line;
  }
}

/**
 * True when the bytes are an index rather than a list file: they start with
 * `turnback-index 1` and a line feed (a list file starts with its magic).
 * @param {Uint8Array} bytes
 */
export function isIndex(bytes) {
  const head = `${INDEX_HEADER}\n`;
  if (bytes.length < head.length) return false;
  for (let i = 0; i < head.length; i += 1) if (bytes[i] !== head.charCodeAt(i)) return false;
  return true;
}

/**
 * Whether `name` may be named by an index: `[A-Za-z0-9._-]`, 1–128 bytes,
 * no leading dot (so no path).
 * @param {string} name
 */
export function validIndexName(name) {
  return name.length >= 1 && name.length <= MAX_NAME && !name.startsWith('.') && /^[A-Za-z0-9._-]+$/.test(name);
}

/**
 * Reads an index's lines without checking its signature or key: never act
 * on the result alone (readIndex does both).
 * @param {Uint8Array} bytes
 * @returns {PublishIndex}
 * @throws {IndexError}
 */
export function parseIndex(bytes) {
  if (bytes.length > MAX_INDEX_LEN) throw new IndexError('too-large', `index is ${bytes.length} bytes, larger than ${MAX_INDEX_LEN}`);
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notText(1 + countLf(bytes, validUtf8Prefix(bytes)));
  }
  /** @type {string[]} */
  const lines = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    if (end < 0) throw notText(lines.length + 1);
    const line = text.slice(at, end);
    if (line.includes('\r')) throw notText(lines.length + 1);
    lines.push(line);
    at = end + 1;
  }
  if (lines[0] !== INDEX_HEADER) {
    throw new IndexError('unsupported-version', `index line 1: not a turnback index version 1 (expected \`${INDEX_HEADER}\`)`);
  }
  /**
   * The value of line `n` (1-based), which must be `name <value>`.
   * @param {number} n
   * @param {string} name
   */
  const field = (n, name) => {
    const line = lines[n - 1];
    if (line === undefined) throw malformed(n, 'missing line');
    const space = line.indexOf(' ');
    if (space < 0 || line.slice(0, space) !== name || space === line.length - 1) throw malformed(n, ORDER);
    return line.slice(space + 1);
  };
  const listId = field(2, 'list');
  if (!/^[a-z0-9._-]{1,32}$/.test(listId)) throw malformed(2, 'list id is not [a-z0-9._-], 1-32 bytes');
  const keyId = field(3, 'key');
  if (!/^[0-9a-f]{16}$/.test(keyId)) throw malformed(3, 'key id is not 16 lowercase hex digits');
  const sequence = number(field(4, 'sequence'), 4, 'not a number');
  const created = signedNumber(field(5, 'created'), 5);
  const minInterval = number(field(6, 'min-interval'), 6, 'not a number');
  const full = file(field(7, 'full'), 7);
  const last = lines.length;
  if (last < 8) throw malformed(last + 1, 'missing signature line');
  /** @type {{ from: number, file: IndexFile }[]} */
  const deltas = [];
  for (let n = 8; n < last; n += 1) {
    const v = field(n, 'delta');
    const space = v.indexOf(' ');
    if (space < 0) throw malformed(n, 'expected `delta FROM NAME SIZE SHA256`');
    const from = number(v.slice(0, space), n, "delta's from-sequence is not a number");
    if (from >= sequence) throw malformed(n, "delta's from-sequence is not below the sequence");
    const prev = deltas[deltas.length - 1];
    if (prev && prev.from >= from) throw malformed(n, 'deltas are not in ascending from-sequence order');
    if (deltas.length === MAX_INDEX_DELTAS) throw malformed(n, 'too many deltas');
    deltas.push({ from, file: file(v.slice(space + 1), n) });
  }
  if (!/^[0-9a-f]{128}$/.test(field(last, 'signature'))) throw malformed(last, 'signature is not 128 lowercase hex digits');
  return { listId, keyId, sequence, created, minInterval, full, deltas };
}

/**
 * Reads and verifies an index: its lines (parseIndex), the key it names
 * (one of the pinned `keys`, by id), its signature under that key (in
 * Wasm), and refuses one older than `held`, in the order of Index::read.
 * @param {Uint8Array} bytes
 * @param {{ keyId: string, key: string }[]} keys the pinned keys with their ids (keyIds)
 * @param {(index: Uint8Array, publicKey: string) => void} verifySignature the Wasm module's verifyIndexSignature
 * @param {number} [held] the sequence held, if any
 * @returns {PublishIndex}
 * @throws {IndexError}
 */
export function readIndex(bytes, keys, verifySignature, held) {
  const index = parseIndex(bytes);
  const pinned = keys.find((k) => k.keyId === index.keyId);
  if (!pinned) {
    const expected = keys.map((k) => k.keyId).join(', ') || 'none';
    throw new IndexError('unknown-key', `index is signed by key ${index.keyId}, not by the pinned key ${expected}`);
  }
  try {
    verifySignature(bytes, pinned.key);
  } catch {
    throw new IndexError('bad-signature', 'index signature does not verify');
  }
  if (held !== undefined && index.sequence < held) {
    throw new IndexError('older', `index sequence ${index.sequence} is older than the held list's ${held}`);
  }
  return index;
}

/**
 * The pinned keys with the ids lists and indexes name them by (first 8
 * bytes of SHA-256 of the 32 key bytes, as src/list/keys.rs computes it).
 * @param {string[]} hexKeys each key's 64 hex digits (keyset.js keysIn)
 * @returns {Promise<{ keyId: string, key: string }[]>}
 */
export async function keyIds(hexKeys) {
  return Promise.all(
    hexKeys.map(async (key) => {
      const bytes = new Uint8Array(32);
      for (let i = 0; i < 32; i += 1) bytes[i] = parseInt(key.slice(2 * i, 2 * i + 2), 16);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      return { keyId: hex(digest.subarray(0, 8)), key };
    }),
  );
}

/**
 * Lowercase hex of bytes.
 * @param {Uint8Array} bytes
 */
export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @param {number} line
 * @param {string} reason
 */
function malformed(line, reason) {
  return new IndexError('malformed', `index line ${line}: ${reason}`, line);
}

/** @param {number} line */
function notText(line) {
  return new IndexError('not-text', `index line ${line}: not UTF-8 text with LF line ends`, line);
}

/**
 * @param {Uint8Array} bytes
 * @param {number} end
 */
function countLf(bytes, end) {
  let n = 0;
  for (let i = 0; i < end; i += 1) if (bytes[i] === 10) n += 1;
  return n;
}

/**
 * Length of the longest valid UTF-8 prefix (as Rust's valid_up_to).
 * @param {Uint8Array} bytes
 */
function validUtf8Prefix(bytes) {
  let lo = 0;
  let hi = bytes.length;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // The first invalid byte is at or after the longest prefix that decodes
  // (a prefix may only end mid-character at the very end): bisect.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      decoder.decode(bytes.subarray(0, mid));
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

/**
 * A decimal number in its shortest form, at most 2^53 - 1.
 * @param {string} s
 * @param {number} line
 * @param {string} reason
 */
function number(s, line, reason) {
  if (!/^(0|[1-9][0-9]*)$/.test(s)) throw malformed(line, reason);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw malformed(line, `${reason} (above 2^53 - 1)`);
  return n;
}

/**
 * @param {string} s
 * @param {number} line
 */
function signedNumber(s, line) {
  if (s.startsWith('-')) {
    if (s === '-0') throw malformed(line, 'not a number');
    return -number(s.slice(1), line, 'not a number');
  }
  return number(s, line, 'not a number');
}

/**
 * `NAME SIZE SHA256`.
 * @param {string} v
 * @param {number} line
 * @returns {IndexFile}
 */
function file(v, line) {
  const parts = v.split(' ');
  if (parts.length !== 3) throw malformed(line, 'expected NAME SIZE SHA256');
  const [name, size, sha256] = parts;
  if (!validIndexName(name)) throw malformed(line, 'file name is not a plain name ([A-Za-z0-9._-], 1-128 bytes, no leading dot)');
  const n = number(size, line, 'file size is not a number');
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw malformed(line, 'sha-256 is not 64 lowercase hex digits');
  return { name, size: n, sha256 };
}
