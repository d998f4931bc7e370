// The effective settings: chrome.storage.local `settings` under
// chrome.storage.managed (policy). A field the policy sets always wins over
// the user's value and is read-only; `locked: true` makes every field
// read-only. Validation errors name the field.

import { DEVELOPMENT_BUILD } from '../../shared/flavour.js';
import { KEY_TAG, MAX_KEYS, keyTexts, keysIn } from '../../shared/keyset.js';
import { ListError } from './errors.js';
import { errorMessage } from '../../shared/errors.js';

/**
 * Settings a user or a policy gives, validated.
 * @typedef {{ listUrl?: string, publicKey?: string, country?: string, updateHours?: number }} UserSettings
 */
/**
 * The settings in force: the user's under the policy's, with the defaults.
 * @typedef {UserSettings & { updateHours: number, failMode: 'open' | 'closed', staleDays: number }} Settings
 */
/**
 * A refused setting, for the options page (`field` names it, when known).
 * @typedef {{ field?: string, code: string, message: string }} SettingsError
 */
/**
 * Everything readSettings learns.
 * @typedef {object} SettingsState
 * @property {Settings} settings
 * @property {boolean} configured a list URL is given at all (even a refused one)
 * @property {UserSettings} user the user's own, valid settings
 * @property {UserSettings} policy the policy's valid settings
 * @property {string[]} lockedFields
 * @property {boolean} locked
 * @property {SettingsError[]} errors
 */

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
 * @param {string} field
 * @param {string} message
 */
function invalid(field, message) {
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

/**
 * Validates the given fields (absent or empty ones are left out); throws a
 * ListError naming the first bad field. A list URL needs a public key.
 * @param {unknown} value what was stored or sent: checked to be an object
 * @param {(key: string) => string | null} checkKey
 * @returns {UserSettings}
 */
export function validateSettings(value, checkKey) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ListError('invalid-setting', 'settings must be an object');
  }
  const input = /** @type {Record<string, unknown>} */ (value);
  for (const k of Object.keys(input)) {
    if (!FIELDS.includes(k)) throw invalid(k, 'is not a setting');
  }
  /** @type {UserSettings} */
  const out = {};
  /** @param {string} k */
  const given = (k) => input[k] !== undefined && input[k] !== null && input[k] !== '';
  if (given('listUrl')) out.listUrl = validateListUrl(input.listUrl);
  if (given('publicKey')) out.publicKey = validatePublicKey(input.publicKey, checkKey);
  if (given('country')) {
    const c = validateCountry(input.country);
    if (c) out.country = c;
  }
  if (given('updateHours')) out.updateHours = validateUpdateHours(input.updateHours);
  if (out.listUrl && !out.publicKey) throw invalid('publicKey', 'is required with a list URL (the key the list is signed with)');
  return out;
}

/**
 * Managed (policy) values, each field validated on its own: a bad field is
 * dropped and reported, the others still apply.
 * @param {Record<string, unknown>} managed
 * @param {(key: string) => string | null} checkKey
 * @returns {{ values: UserSettings, errors: SettingsError[] }}
 */
function managedValues(managed, checkKey) {
  /** @type {Record<string, string | number>} */
  const values = {};
  /** @type {SettingsError[]} */
  const errors = [];
  for (const field of FIELDS) {
    if (managed[field] === undefined || managed[field] === null || managed[field] === '') continue;
    try {
      const v = validateField(field, managed[field], checkKey);
      if (v !== '') values[field] = v;
    } catch (err) {
      errors.push({ field, code: err instanceof ListError ? err.code : 'invalid-setting', message: `policy ${errorMessage(err)}` });
    }
  }
  // Each field holds what its own validator returned.
  return { values: /** @type {UserSettings} */ (values), errors };
}

/**
 * The policy-only settings, each validated on its own like managedValues:
 * what navigations do while no list can check them (`failMode`: "open" lets
 * them through, "closed" stops them with a page saying why), and when a
 * list that cannot be updated counts as stale (`staleDays`).
 * @param {Record<string, unknown>} managed
 * @returns {{ values: { failMode: 'open' | 'closed', staleDays: number }, errors: SettingsError[] }}
 */
function policyOnly(managed) {
  /** @type {{ failMode: 'open' | 'closed', staleDays: number }} */
  const values = { failMode: 'open', staleDays: DEFAULT_STALE_DAYS };
  /** @type {SettingsError[]} */
  const errors = [];
  const { failMode, staleDays } = managed;
  if (failMode !== undefined && failMode !== null && failMode !== '') {
    if (failMode === 'open' || failMode === 'closed') values.failMode = failMode;
    else errors.push({ field: 'failMode', code: 'invalid-setting', message: 'policy failMode: must be "open" or "closed"' });
  }
  if (staleDays !== undefined && staleDays !== null && staleDays !== '') {
    if (typeof staleDays === 'number' && Number.isInteger(staleDays) && staleDays >= 1 && staleDays <= MAX_STALE_DAYS) values.staleDays = staleDays;
    else errors.push({ field: 'staleDays', code: 'invalid-setting', message: `policy staleDays: must be a whole number of days from 1 to ${MAX_STALE_DAYS}` });
  }
  return { values, errors };
}

/**
 * Reads both storage areas and merges them. `configured` is true when a
 * list URL is given at all, by the user or the policy, even one refused as
 * invalid: the packaged demo list then never stands in for it.
 * @param {{ local: Pick<import('./persistence.js').StorageArea, 'get'>, managed?: { get(): Promise<Record<string, unknown>> } }} storage
 * @param {(key: string) => string | null} checkKey
 * @returns {Promise<SettingsState>}
 */
export async function readSettings(storage, checkKey) {
  const stored = /** @type {Record<string, unknown> | undefined} */ ((await storage.local.get('settings')).settings);
  /** @type {Record<string, unknown>} */
  let managed = {};
  if (storage.managed) {
    try {
      managed = (await storage.managed.get()) ?? {};
    } catch {
      // Firefox throws when no policy manifest exists: no policy.
      managed = {};
    }
  }
  /** @type {SettingsError[]} */
  const errors = [];
  /** @type {UserSettings} */
  let user = {};
  try {
    user = validateSettings(stored ?? {}, checkKey);
  } catch (err) {
    // Saved settings are validated before they are written, so this only
    // happens after a format change: ignore them and say so.
    const listError = err instanceof ListError ? err : null;
    errors.push({ field: listError?.field, code: listError?.code ?? 'invalid-setting', message: `saved ${errorMessage(err)}` });
  }
  const policy = managedValues(managed, checkKey);
  errors.push(...policy.errors);
  const only = policyOnly(managed);
  errors.push(...only.errors);
  /** @param {unknown} v */
  const given = (v) => typeof v === 'string' && v.trim() !== '';
  const configured = given(stored?.listUrl) || given(managed.listUrl);
  const locked = managed.locked === true;
  const lockedFields = locked ? [...FIELDS] : Object.keys(policy.values);
  /** @type {UserSettings} */
  const chosen = { ...user, ...policy.values };
  if (chosen.listUrl && !chosen.publicKey) {
    errors.push({ field: 'publicKey', code: 'invalid-setting', message: 'publicKey: is required with a list URL (the key the list is signed with)' });
    delete chosen.listUrl;
  }
  /** @type {Settings} */
  const settings = { ...chosen, updateHours: chosen.updateHours ?? DEFAULT_UPDATE_HOURS, ...only.values };
  return { settings, configured, user, policy: policy.values, lockedFields, locked, errors };
}

/**
 * The user's settings after an edit from the options page. Fields the policy
 * sets may only be sent unchanged; everything is refused when locked.
 * @param {SettingsState} current
 * @param {unknown} edit the options page's fields
 * @param {(key: string) => string | null} checkKey
 * @returns {UserSettings} what to store as chrome.storage.local `settings`
 */
export function mergeUserEdit(current, edit, checkKey) {
  if (current.locked) throw new ListError('locked', 'settings are locked by policy');
  if (edit === null || typeof edit !== 'object' || Array.isArray(edit)) {
    throw new ListError('invalid-setting', 'settings must be an object');
  }
  /** @type {Record<string, unknown>} */
  const own = {};
  const policy = /** @type {Record<string, unknown>} */ (current.policy);
  for (const [k, v] of Object.entries(edit)) {
    if (current.lockedFields.includes(k)) {
      const same = v === undefined || v === null || v === '' ? policy[k] === undefined : String(v).trim() === String(policy[k]);
      if (!same && !(k === 'publicKey' && sameKeySet(v, policy[k] ?? ''))) {
        throw new ListError('locked', `${k}: set by policy`, { field: k });
      }
      continue;
    }
    own[k] = v;
  }
  return validateSettings(own, checkKey);
}
