// One setting's value at a time: each validator returns the value
// normalized or throws a ListError naming the field. Shared by the
// single-list settings (settings.js) and the set of lists (subscriptions.js).

import { DEVELOPMENT_BUILD } from '../../shared/flavour.js';
import { KEY_TAG, MAX_KEYS, keyTexts, keysIn } from '../../shared/keyset.js';
import { ListError } from './errors.js';
/** Update period when nothing sets one (hours). */
export const DEFAULT_UPDATE_HOURS = 6;
/** Bounds of `updateHours`: at least hourly, at most weekly. */
export const MIN_UPDATE_HOURS = 1;
export const MAX_UPDATE_HOURS = 168;
/** The settings a user or a policy can set (`locked` is policy only). */
export const FIELDS = ['listUrl', 'publicKey', 'country', 'updateHours'];
/** Days without a successful update after which the problem is shown (policy `staleDays`). */
export const DEFAULT_STALE_DAYS = 7;
export const MAX_STALE_DAYS = 365;

const MAX_URL_LENGTH = 2048;

/**
 * Hosts where a plain-http list URL is accepted, in development builds only
 * (src/shared/flavour.js): loopback and the reserved `.test` TLD (RFC 6761),
 * which never reach the public Internet — for test set-ups. In the store
 * packages none is: every list URL must be https.
 * @param {string} hostname
 */
export function httpAllowedHost(hostname) {
  if (!DEVELOPMENT_BUILD) return false;
  const h = hostname.toLowerCase();
  return h === '127.0.0.1' || h === 'localhost' || h === '[::1]' || h.endsWith('.test');
}

/**
 * The error for a refused setting, naming its field.
 * @param {string} field
 * @param {string} message
 */
export function invalid(field, message) {
  return new ListError('invalid-setting', `${field}: ${message}`, { field });
}

/**
 * Checks a list URL; returns it normalized (no fragment) or throws naming `listUrl`.
 * @param {unknown} value
 */
export function validateListUrl(value) {
  if (typeof value !== 'string') throw invalid('listUrl', 'must be text');
  const text = value.trim();
  if (text.length > MAX_URL_LENGTH) throw invalid('listUrl', `longer than ${MAX_URL_LENGTH} characters`);
  let url;
  try {
    url = new URL(text);
  } catch {
    throw invalid('listUrl', 'is not an absolute URL');
  }
  if (url.protocol === 'http:') {
    if (!httpAllowedHost(url.hostname)) {
      throw invalid('listUrl', DEVELOPMENT_BUILD ? 'must use https (http only for 127.0.0.1, localhost and *.test in this development build)' : 'must use https');
    }
  } else if (url.protocol !== 'https:') {
    throw invalid('listUrl', 'must use https');
  }
  if (url.username || url.password) throw invalid('listUrl', 'must not carry a user name or password');
  url.hash = '';
  return url.href;
}

/**
 * Checks a public key, or a key set (several keys, one a line: a publisher
 * rotating keys), with the engine itself (its parser is the one that will
 * verify lists); returns the canonical `turnback-public-key-v1 <hex>` form,
 * one key a line, duplicates dropped.
 * @param {unknown} value text, or an array of texts (a policy may send one)
 * @param {(key: string) => string | null} checkKey the engine's complaint about the key, or null
 */
export function validatePublicKey(value, checkKey) {
  const text = (/** @type {unknown} */ v) => typeof v === 'string';
  if (!text(value) && !(Array.isArray(value) && value.every(text))) throw invalid('publicKey', 'must be text');
  const written = keyTexts(value);
  if (written.length === 0) throw invalid('publicKey', 'holds no key');
  if (written.length > MAX_KEYS) throw invalid('publicKey', `holds ${written.length} keys, at most ${MAX_KEYS}`);
  const keys = keysIn(written);
  /** @type {string[]} */
  const out = [];
  written.forEach((text, i) => {
    const problem = checkKey(text);
    if (problem) throw invalid('publicKey', written.length > 1 ? `key ${i + 1}: ${problem}` : problem);
    if (!out.includes(`${KEY_TAG} ${keys[i]}`)) out.push(`${KEY_TAG} ${keys[i]}`);
  });
  return out.join('\n');
}

/**
 * The 64-hex-digit keys of a key set (one key is a set of one).
 * @param {unknown} keys
 * @returns {string[]}
 */
export function keyHexes(keys) {
  return keysIn(keys);
}

/**
 * Whether two key sets hold the same keys (in any order, any form).
 * @param {unknown} a
 * @param {unknown} b
 */
export function sameKeySet(a, b) {
  const [x, y] = [keyHexes(a).sort(), keyHexes(b).sort()];
  return x.length === y.length && x.every((k, i) => k === y[i]);
}

/**
 * The 64 lowercase hex digits of a key in either accepted form.
 * @param {unknown} key
 */
export function keyHex(key) {
  return (String(key).trim().split(/\s+/).pop() ?? '').toLowerCase();
}

/**
 * Checks a country override: '' (automatic) or ISO 3166-1 alpha-2; returns it upper-case.
 * @param {unknown} value
 */
export function validateCountry(value) {
  if (typeof value !== 'string') throw invalid('country', 'must be text');
  const c = value.trim().toUpperCase();
  if (c !== '' && !/^[A-Z]{2}$/.test(c)) throw invalid('country', 'must be two letters (ISO 3166-1), or empty for automatic');
  return c;
}

/**
 * Checks the update period in whole hours.
 * @param {unknown} value
 */
export function validateUpdateHours(value) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < MIN_UPDATE_HOURS || n > MAX_UPDATE_HOURS) {
    throw invalid('updateHours', `must be a whole number of hours from ${MIN_UPDATE_HOURS} to ${MAX_UPDATE_HOURS}`);
  }
  return n;
}

/**
 * Validates one field's value (see the validators above).
 * @param {string} field
 * @param {unknown} value
 * @param {(key: string) => string | null} checkKey
 * @returns {string | number}
 */
export function validateField(field, value, checkKey) {
  switch (field) {
    case 'listUrl':
      return validateListUrl(value);
    case 'publicKey':
      return validatePublicKey(value, checkKey);
    case 'country':
      return validateCountry(value);
    case 'updateHours':
      return validateUpdateHours(value);
    default:
      throw invalid(field, 'is not a setting');
  }
}
