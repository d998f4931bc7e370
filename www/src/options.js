// Checks and normalizes the options of `Turnback.load()`: bad options are the
// only thing that makes `load()` throw, with a message naming the option.

import { keysIn } from './keyset.js';
import { countryFromLocale, defaultLanguage } from './locale.js';

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
const REFRESH_MINUTES = 360;
const MINUTE_MS = 60_000;

/**
 * The refresh interval in milliseconds.
 * @param {unknown} value `refreshMinutes` as given
 */
function refreshMs(value) {
  if (value === undefined) return REFRESH_MINUTES * MINUTE_MS;
  // Infinity is allowed (no periodic refresh); NaN, strings and < 1 are not.
  if (typeof value !== 'number' || !(value >= 1)) {
    throw new TypeError(`Turnback.load(): \`refreshMinutes\` must be a number of minutes, at least 1 (got ${String(value)})`);
  }
  return value * MINUTE_MS;
}

/** At most this many lists in one widget. */
export const MAX_LISTS = 8;

/**
 * One list of the widget: where it is fetched and the keys it must be signed with.
 * @typedef {object} ResolvedList
 * @property {string | URL} list
 * @property {string[]} publicKeys the pinned keys, in order (a key set)
 */

/**
 * The options of `Turnback.load()`, checked, with every default applied.
 * @typedef {object} ResolvedOptions
 * @property {ResolvedList[]} lists in the order that decides which list's message is shown
 * @property {boolean} several given as `lists` (console warnings then name the list)
 * @property {string | URL | undefined} wasm
 * @property {string} lang
 * @property {string} country
 * @property {'open' | 'closed'} failMode
 * @property {import('../turnback-widget.js').UnavailableText | null} unavailableText
 * @property {{ initialDelay: number, maxDelay: number }} retry
 * @property {number} refreshMs
 */

/**
 * One list's `list` and `publicKey`, checked; `at` prefixes the option names
 * in errors (`lists[2].`).
 * @param {{ list?: unknown, publicKey?: unknown } | null | undefined} given
 * @param {string} at
 * @returns {ResolvedList}
 */
function resolveList(given, at) {
  if (!given || (typeof given.list !== 'string' && !(given.list instanceof URL))) {
    throw new TypeError(`Turnback.load(): \`${at}list\` (URL or string) is required`);
  }
  const key = given.publicKey;
  const keyText = (/** @type {unknown} */ k) => typeof k === 'string';
  if (!keyText(key) && !(Array.isArray(key) && key.every(keyText))) {
    throw new TypeError(`Turnback.load(): \`${at}publicKey\` (a key, or an array of keys) is required`);
  }
  const publicKeys = keysIn(key);
  if (publicKeys.length === 0) {
    throw new TypeError(`Turnback.load(): \`${at}publicKey\` holds no key`);
  }
  return { list: given.list, publicKeys };
}

/**
 * Normalizes and checks `Turnback.load()` options; throws a TypeError naming the bad option.
 * Typed as the caller's JavaScript may pass anything: every field is checked.
 * @param {Partial<import('../turnback-widget.js').LoadOptions> | null | undefined} options
 * @returns {ResolvedOptions}
 */
export function resolveOptions(options) {
  if (!options || typeof options !== 'object') {
    throw new TypeError('Turnback.load(): `list` (URL or string) is required');
  }
  const several = options.lists !== undefined;
  if (several && (options.list !== undefined || options.publicKey !== undefined)) {
    throw new TypeError('Turnback.load(): give either `lists` or `list` and `publicKey`, not both');
  }
  /** @type {ResolvedList[]} */
  let lists;
  if (several) {
    if (!Array.isArray(options.lists) || options.lists.length === 0 || options.lists.length > MAX_LISTS) {
      throw new TypeError(`Turnback.load(): \`lists\` must be an array of 1 to ${MAX_LISTS} lists ({ list, publicKey })`);
    }
    lists = options.lists.map((l, i) => resolveList(l, `lists[${i}].`));
    const urls = lists.map((l) => String(l.list));
    const again = urls.findIndex((u, i) => urls.indexOf(u) !== i);
    if (again >= 0) throw new TypeError(`Turnback.load(): \`lists[${again}].list\` is the same URL as an earlier list`);
  } else {
    lists = [resolveList(options, '')];
  }
  const failMode = options.failMode ?? 'open';
  if (failMode !== 'open' && failMode !== 'closed') {
    throw new TypeError('Turnback.load(): `failMode` must be "open" or "closed"');
  }
  const lang = options.lang || defaultLanguage();
  const retry = options.retry || {};
  const initialDelay = Math.max(10, Number(retry.initialDelay) || FIRST_RETRY_MS);
  return {
    lists,
    several,
    wasm: options.wasm,
    lang,
    country: String(options.country ?? (countryFromLocale(lang) || countryFromLocale(defaultLanguage()))).toUpperCase(),
    failMode,
    unavailableText: options.unavailableText || null,
    retry: { initialDelay, maxDelay: Math.max(initialDelay, Number(retry.maxDelay) || MAX_RETRY_MS) },
    refreshMs: refreshMs(options.refreshMinutes),
  };
}
