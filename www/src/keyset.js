// Key sets: a `publicKey` option or setting holds one publisher key or
// several, so a publisher can ship its next key beside the current one
// before it signs with it (docs/publishing.md, "Rotating keys"). Each key is
// tried in JavaScript, so the Wasm module carries no code for it. The one
// copy for the widget and the extension: the extension's build copies it to
// widget/keyset.js (extension/widget links here in the source tree).

/** The tag of a key's text form, `turnback-public-key-v1 <64 hex digits>`. */
export const KEY_TAG = 'turnback-public-key-v1';
/** Most keys one setting holds. */
export const MAX_KEYS = 8;

/**
 * The keys in a setting as written, lower-cased, in order: one text (keys
 * separated by line breaks, commas or spaces, each with or without its tag)
 * or an array of such texts (a policy may send one). A key written with its
 * tag stays `turnback-public-key-v1 <hex>`, so the engine judges each key as
 * it was given (a bad hex part, or no key form at all).
 * @param {unknown} value
 * @returns {string[]}
 */
export function keyTexts(value) {
  const parts = Array.isArray(value) ? value : [value];
  const tokens = parts.flatMap((p) => String(p ?? '').split(/[\s,;]+/)).filter((t) => t !== '');
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i].toLowerCase();
    if (token !== KEY_TAG) out.push(token);
    else if (i + 1 < tokens.length) out.push(`${KEY_TAG} ${tokens[(i += 1)].toLowerCase()}`);
  }
  return out;
}

/**
 * The keys in a setting (see keyTexts), each as its hex part alone.
 * @param {unknown} value
 * @returns {string[]}
 */
export function keysIn(value) {
  return keyTexts(value).map((t) => t.slice(t.lastIndexOf(' ') + 1));
}

/**
 * Loads a list with the first key of a set it verifies under. Only "signed
 * by another key" moves on to the next key: any other refusal (damaged,
 * expired, older) is final, as it would be with that key alone.
 * @template T
 * @param {(key: string) => T} load loads the list with one key, throws when refused
 * @param {unknown} keys a key set (see keysIn)
 * @returns {T}
 */
export function loadWithKeySet(load, keys) {
  const set = keyTexts(keys);
  if (set.length <= 1) return load(set[0] ?? String(keys ?? ''));
  for (const key of set) {
    try {
      return load(key);
    } catch (err) {
      const message = String(/** @type {any} */ (err)?.message ?? err);
      if (!/not by the pinned key/.test(message)) throw err;
      if (key === set[set.length - 1]) {
        const found = /signed by key ([0-9a-f]+)/.exec(message)?.[1] ?? '?';
        throw new Error(`list is signed by key ${found}, not by any of the ${set.length} pinned keys`, { cause: err });
      }
    }
  }
  throw new Error('no key to verify the list with');
}
