// The 16-hex-digit id a list file names its signing key by (first 8 bytes of
// SHA-256 of the 32 key bytes, as src/list/keys.rs computes it), so the
// worker can tell whether the loaded list is signed by the configured key.

import { keyHex, keyHexes } from './settings.js';

/**
 * @param {string} publicKey `turnback-public-key-v1 <hex>` or 64 hex digits (already validated)
 * @returns {Promise<string>}
 */
export async function keyIdOf(publicKey) {
  const hex = keyHex(publicKey);
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The ids of every key of a key set, in order.
 * @param {string | undefined} keys one key or several, one a line (already validated); none gives no ids
 * @returns {Promise<string[]>}
 */
export function keyIdsOf(keys) {
  return Promise.all(keyHexes(keys ?? '').map(keyIdOf));
}
