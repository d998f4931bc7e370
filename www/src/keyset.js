// Key sets: `publicKey` may hold several publisher keys, so a publisher can
// ship its next key beside the current one before it signs with it
// (docs/publishing.md, "Rotating keys"). Each key is tried in JavaScript, so
// the Wasm module carries no code for it. The extension has the same rule
// (extension/src/shared/keyset.js); the two are packaged apart.

const KEY_TAG = 'turnback-public-key-v1';

/**
 * The keys of a `publicKey` option, in order: one text (keys separated by
 * line breaks, commas or spaces, each with or without its tag) or an array
 * of such texts.
 * @param {string | string[]} value
 * @returns {string[]}
 */
export function keysIn(value) {
  const parts = Array.isArray(value) ? value : [value];
  return parts.flatMap((p) => String(p).split(/[\s,;]+/)).filter((t) => t !== '' && t !== KEY_TAG);
}

/**
 * Loads a list with the first key it verifies under. Only "signed by
 * another key" moves on to the next key: any other refusal (damaged,
 * expired, older) is final, as it would be with that key alone.
 * @template T
 * @param {(key: string) => T} load loads the list with one key, throws when refused
 * @param {string[]} keys
 * @returns {T}
 */
export function loadWithKeySet(load, keys) {
  for (const [i, key] of keys.entries()) {
    try {
      return load(key);
    } catch (err) {
      const message = String(/** @type {any} */ (err)?.message ?? err);
      if (keys.length === 1 || !/not by the pinned key/.test(message)) throw err;
      if (i === keys.length - 1) {
        const found = /signed by key ([0-9a-f]+)/.exec(message)?.[1] ?? '?';
        throw new Error(`list is signed by key ${found}, not by any of the ${keys.length} pinned keys`);
      }
    }
  }
  throw new Error('no key to verify the list with');
}
