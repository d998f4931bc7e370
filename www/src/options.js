// Checks and normalizes the options of `Turnback.load()`: bad options are the
// only thing that makes `load()` throw, with a message naming the option.

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

/**
 * The options of `Turnback.load()`, checked, with every default applied.
 * @typedef {object} ResolvedOptions
 * @property {string | URL} list
 * @property {string} publicKey
 * @property {string | URL | undefined} wasm
 * @property {string} lang
 * @property {string} country
 * @property {'open' | 'closed'} failMode
 * @property {import('../turnback-widget.js').UnavailableText | null} unavailableText
 * @property {{ initialDelay: number, maxDelay: number }} retry
 * @property {number} refreshMs
 */

/**
 * Normalizes and checks `Turnback.load()` options; throws a TypeError naming the bad option.
 * Typed as the caller's JavaScript may pass anything: every field is checked.
 * @param {Partial<import('../turnback-widget.js').LoadOptions> | null | undefined} options
 * @returns {ResolvedOptions}
 */
export function resolveOptions(options) {
  if (!options || (typeof options.list !== 'string' && !(options.list instanceof URL))) {
    throw new TypeError('Turnback.load(): `list` (URL or string) is required');
  }
  if (typeof options.publicKey !== 'string') {
    throw new TypeError('Turnback.load(): `publicKey` (string) is required');
  }
  const failMode = options.failMode ?? 'open';
  if (failMode !== 'open' && failMode !== 'closed') {
    throw new TypeError('Turnback.load(): `failMode` must be "open" or "closed"');
  }
  const lang = options.lang || defaultLanguage();
  const retry = options.retry || {};
  const initialDelay = Math.max(10, Number(retry.initialDelay) || FIRST_RETRY_MS);
  return {
    list: options.list,
    publicKey: options.publicKey.trim(),
    wasm: options.wasm,
    lang,
    country: String(options.country ?? (countryFromLocale(lang) || countryFromLocale(defaultLanguage()))).toUpperCase(),
    failMode,
    unavailableText: options.unavailableText || null,
    retry: { initialDelay, maxDelay: Math.max(initialDelay, Number(retry.maxDelay) || MAX_RETRY_MS) },
    refreshMs: refreshMs(options.refreshMinutes),
  };
}
