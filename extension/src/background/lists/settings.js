// The effective settings: chrome.storage.local `settings` under
// chrome.storage.managed (policy). A field the policy sets always wins over
// the user's value and is read-only; `locked: true` makes every field
// read-only. Validation errors name the field.

import { ListError } from './errors.js';
import { errorMessage } from '../../shared/errors.js';
import { DEFAULT_STALE_DAYS, DEFAULT_UPDATE_HOURS, FIELDS, MAX_STALE_DAYS, invalid, sameKeySet, validateField, validateListUrl, validatePublicKey, validateCountry, validateUpdateHours } from './fields.js';

export {
  DEFAULT_STALE_DAYS,
  DEFAULT_UPDATE_HOURS,
  MAX_UPDATE_HOURS,
  MIN_UPDATE_HOURS,
  FIELDS,
  MAX_STALE_DAYS,
  httpAllowedHost,
  keyHex,
  keyHexes,
  sameKeySet,
  validateCountry,
  validateField,
  validateListUrl,
  validatePublicKey,
  validateUpdateHours,
} from './fields.js';

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
