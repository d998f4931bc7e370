// The set of lists a browser subscribes to: the policy's lists first, in
// the policy's order, then the user's own (read-only when the policy locks
// the settings). The single-list settings of earlier versions (`listUrl`,
// `publicKey`, `updateHours`) are read as a set of one, so a device updated
// from them keeps its list with no gap. Nothing here touches storage or the
// network: it turns what the storage areas hold into the configured set.

import { ListError } from './errors.js';
import { errorMessage } from '../../shared/errors.js';
import { validateListUrl, validatePublicKey, validateUpdateHours } from './fields.js';

/** At most this many lists at once (each is downloaded, stored and checked). */
export const MAX_LISTS = 8;
/** The fields of one subscription as a user or a policy writes it. */
export const SUBSCRIPTION_FIELDS = ['listUrl', 'publicKey', 'updateHours'];

/**
 * One list as configured: where it comes from, the keys it must be signed
 * with, and its own update period (else the global one). `id` is its URL,
 * which names it in storage and verdicts: two entries for one URL are one list.
 * @typedef {{ id: string, listUrl: string, publicKey: string, updateHours?: number }} Subscription
 */
/**
 * A subscription as the user's settings store it (`lists` entries) and a
 * policy gives it: its id is not stored, it is the URL.
 * @typedef {{ listUrl: string, publicKey: string, updateHours?: number }} SubscriptionFields
 */
/**
 * A subscription in the set in force: who configured it; `locked` ones
 * cannot be edited or removed on the options page.
 * @typedef {Subscription & { from: 'policy' | 'user', locked: boolean }} ConfiguredList
 */
/**
 * The set in force and the problems met on the way (each names its entry).
 * @typedef {object} SubscriptionSet
 * @property {ConfiguredList[]} lists in the order that decides which list's message is shown
 * @property {boolean} userMayAdd false when the policy locks the settings or the set is full
 * @property {boolean} configured some list is given at all, even one refused: the packaged list then never stands in
 * @property {import('./settings.js').SettingsError[]} errors
 */

/**
 * The error, said of the entry `where` (none: as it is).
 * @param {string} where e.g. `lists[2]`, or ''
 * @param {unknown} err
 */
function within(where, err) {
  if (where === '') return err instanceof ListError ? err : new ListError('invalid-setting', String(errorMessage(err)));
  const field = err instanceof ListError && err.field ? `${where}.${err.field}` : where;
  const code = err instanceof ListError ? err.code : 'invalid-setting';
  return new ListError(code, `${where}: ${errorMessage(err)}`, { field });
}

/**
 * Checks one subscription; throws a ListError naming `where` and the field.
 * @param {unknown} value
 * @param {(key: string) => string | null} checkKey the engine's complaint about a key, or null
 * @param {string} where the entry, e.g. `lists[2]` ('': the single-list settings)
 * @returns {Subscription}
 */
export function validateSubscription(value, checkKey, where) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw within(where, new ListError('invalid-setting', 'must be an object with listUrl and publicKey'));
  }
  const input = /** @type {Record<string, unknown>} */ (value);
  try {
    for (const k of Object.keys(input)) {
      if (!SUBSCRIPTION_FIELDS.includes(k)) throw new ListError('invalid-setting', `${k}: is not a list setting`, { field: k });
    }
    if (input.listUrl === undefined || input.listUrl === '') throw new ListError('invalid-setting', 'listUrl: is required', { field: 'listUrl' });
    if (input.publicKey === undefined || input.publicKey === '') {
      throw new ListError('invalid-setting', 'publicKey: is required with a list URL (the key the list is signed with)', { field: 'publicKey' });
    }
    const listUrl = validateListUrl(input.listUrl);
    /** @type {Subscription} */
    const out = { id: listUrl, listUrl, publicKey: validatePublicKey(input.publicKey, checkKey) };
    if (input.updateHours !== undefined && input.updateHours !== null && input.updateHours !== '') {
      out.updateHours = validateUpdateHours(input.updateHours);
    }
    return out;
  } catch (err) {
    throw within(where, err);
  }
}

/**
 * The subscriptions an area holds: its `lists` array, else the single-list
 * fields of earlier versions as a list of one, else none. Bad entries are
 * reported and left out; the others stand.
 * @param {Record<string, unknown>} area the stored settings or the policy
 * @param {string} origin 'saved' or 'policy', for the messages
 * @param {(key: string) => string | null} checkKey
 * @returns {{ lists: Subscription[], given: boolean, errors: import('./settings.js').SettingsError[] }}
 */
export function subscriptionsIn(area, origin, checkKey) {
  /** @type {import('./settings.js').SettingsError[]} */
  const errors = [];
  /** @type {Subscription[]} */
  const lists = [];
  const report = (/** @type {unknown} */ err) => {
    const e = err instanceof ListError ? err : within('lists', err);
    errors.push({ field: e.field, code: e.code, message: `${origin} ${e.message}` });
  };
  const legacy = area.listUrl !== undefined && area.listUrl !== null && area.listUrl !== '';
  if (area.lists !== undefined && area.lists !== null) {
    if (!Array.isArray(area.lists)) {
      report(new ListError('invalid-setting', 'lists: must be an array of lists', { field: 'lists' }));
      return { lists, given: true, errors };
    }
    if (legacy) {
      report(new ListError('invalid-setting', 'listUrl: not used when lists is given (make it an entry of lists)', { field: 'listUrl' }));
    }
    area.lists.forEach((entry, i) => {
      try {
        const sub = validateSubscription(entry, checkKey, `lists[${i}]`);
        if (lists.some((l) => l.id === sub.id)) throw new ListError('invalid-setting', `lists[${i}]: the same list URL as an earlier entry`, { field: `lists[${i}].listUrl` });
        lists.push(sub);
      } catch (err) {
        report(err);
      }
    });
    return { lists, given: area.lists.length > 0 || legacy, errors };
  }
  if (!legacy) return { lists, given: false, errors };
  /** @type {Record<string, unknown>} */
  const single = {};
  for (const k of SUBSCRIPTION_FIELDS) if (area[k] !== undefined) single[k] = area[k];
  try {
    lists.push(validateSubscription(single, checkKey, ''));
  } catch (err) {
    report(err);
  }
  return { lists, given: true, errors };
}

/**
 * The set in force: the policy's lists, then the user's that the policy
 * does not already name (locked too when the policy sets `locked`), at
 * most MAX_LISTS in all (the rest reported, never silently dropped).
 * @param {Record<string, unknown>} saved chrome.storage.local `settings`
 * @param {Record<string, unknown>} managed chrome.storage.managed
 * @param {(key: string) => string | null} checkKey
 * @returns {SubscriptionSet}
 */
export function subscriptionSet(saved, managed, checkKey) {
  const locked = managed.locked === true;
  const policy = subscriptionsIn(managed, 'policy', checkKey);
  const user = subscriptionsIn(saved, 'saved', checkKey);
  const errors = [...policy.errors, ...user.errors];
  /** @type {ConfiguredList[]} */
  const lists = policy.lists.map((l) => ({ ...l, from: /** @type {const} */ ('policy'), locked: true }));
  // A lock stops edits, not protection: lists saved before it stay in force.
  for (const l of user.lists) {
    if (lists.some((p) => p.id === l.id)) continue;
    lists.push({ ...l, from: 'user', locked });
  }
  if (lists.length > MAX_LISTS) {
    for (const l of lists.splice(MAX_LISTS)) {
      errors.push({ field: 'lists', code: 'too-many-lists', message: `lists: at most ${MAX_LISTS} lists; ${l.listUrl} is not used` });
    }
  }
  return {
    lists,
    userMayAdd: !locked && lists.length < MAX_LISTS,
    configured: policy.given || user.given,
    errors,
  };
}

/**
 * The user's saved `lists` after adding one (at the end: the user's lists
 * come after the policy's, and earlier ones keep deciding first).
 * @param {SubscriptionSet} current
 * @param {unknown} entry the options page's fields
 * @param {(key: string) => string | null} checkKey
 * @returns {SubscriptionFields[]} the user's lists to store
 */
export function addUserList(current, entry, checkKey) {
  if (!current.userMayAdd) {
    throw current.lists.length >= MAX_LISTS
      ? new ListError('too-many-lists', `lists: at most ${MAX_LISTS} lists`, { field: 'lists' })
      : new ListError('locked', 'settings are locked by policy');
  }
  const sub = validateSubscription(entry, checkKey, 'new list');
  if (current.lists.some((l) => l.id === sub.id)) {
    throw new ListError('invalid-setting', 'new list: this list URL is already in use', { field: 'new list.listUrl' });
  }
  return [...userLists(current), fieldsOf(sub)];
}

/**
 * The user's saved `lists` after removing one of theirs; a policy's list
 * cannot be removed.
 * @param {SubscriptionSet} current
 * @param {string} id
 * @returns {SubscriptionFields[]}
 */
export function removeUserList(current, id) {
  const found = current.lists.find((l) => l.id === id);
  if (!found) throw new ListError('invalid-setting', 'no such list', { field: 'lists' });
  if (found.from === 'policy') throw new ListError('locked', `${found.listUrl}: set by policy`, { field: 'lists' });
  if (found.locked) throw new ListError('locked', 'settings are locked by policy');
  return userLists(current).filter((l) => l.listUrl !== id);
}

/**
 * The user's own subscriptions in the set, as stored.
 * @param {SubscriptionSet} current
 * @returns {SubscriptionFields[]}
 */
function userLists(current) {
  return current.lists.filter((l) => l.from === 'user').map(fieldsOf);
}

/**
 * @param {Subscription} sub
 * @returns {SubscriptionFields}
 */
function fieldsOf({ listUrl, publicKey, updateHours }) {
  return updateHours === undefined ? { listUrl, publicKey } : { listUrl, publicKey, updateHours };
}
