// Messages between the extension's pages / content script and the worker.
// Every message is a plain object with a `type` and exactly the fields its
// type names below; the worker answers with the reply type named beside it.
// The worker itself sends no runtime messages. Nothing here ever carries a
// list entry.

/**
 * Content script, every frame at document_start: "may this document run?".
 * The URL is the frame's own location, sent only inside the browser.
 * @typedef {{ type: 'checkFrame', url: string }} CheckFrameMessage
 * @typedef {{ blocked: false } | { blocked: true, warningUrl: string }} CheckFrameReply
 */

/**
 * Warning page: the message and help resources to show. `token` is the one
 * its own URL carries (see `warningQuery`); the worker answers with the
 * list's texts only to a token it made, and `untrusted` to any other (a copy
 * of the page it did not open, or one whose token expired).
 * @typedef {{ type: 'getPrevention', lang: string, country: string, token: string }} GetPreventionMessage
 * @typedef {{ prevention: import('../../../www/pkg/turnback.js').Prevention } | { untrusted: true }
 *   | { error: string }} GetPreventionReply
 */

/**
 * Warning page: "Go back" found no history, so close this tab.
 * @typedef {{ type: 'closeTab' }} CloseTabMessage
 * @typedef {{}} CloseTabReply
 */

/**
 * Options page → worker (LISTS): the list in use, its update state and the
 * effective settings. `settings` holds the fields the user edits; empty
 * strings unset a field. Which names and values are settings is the list
 * machinery's to say (lists/settings.js), so that a wrong field gets an
 * answer naming it.
 * @typedef {{ type: 'getStatus' }} GetStatusMessage
 * @typedef {{ listUrl?: string, publicKey?: string, country?: string, updateHours?: number | string }} SettingsEdit
 * @typedef {{ type: 'saveSettings', settings: SettingsEdit }} SaveSettingsMessage
 * @typedef {{ type: 'updateNow' }} UpdateNowMessage
 * @typedef {{ ok: true, status: ListStatus } | { ok: false, error: ErrorRecord }} ListReply
 */

/**
 * An error of the list machinery as the options page gets it
 * (lists/errors.js): a stable `code` it localizes, the English `message`,
 * the settings `field` it is about and the engine's own words (`detail`),
 * when there are.
 * @typedef {{ code: string, message: string, field?: string, detail?: string }} ErrorRecord
 */

/**
 * Every message the worker answers.
 * @typedef {CheckFrameMessage | GetPreventionMessage | CloseTabMessage | GetStatusMessage
 *   | SaveSettingsMessage | UpdateNowMessage} Message
 */

/**
 * The reply to each message type. A handler that throws answers
 * `{ error: string }` instead (main.js).
 * @typedef {object} Replies
 * @property {CheckFrameReply} checkFrame
 * @property {GetPreventionReply} getPrevention
 * @property {CloseTabReply} closeTab
 * @property {ListReply} getStatus
 * @property {ListReply} saveSettings
 * @property {ListReply} updateNow
 */

/**
 * The reply to a message of type `T`.
 * @template {Message['type']} T
 * @typedef {Replies[T]} ReplyTo
 */

/**
 * Who sent a message, as runtime.onMessage reports it (the part read here).
 * @typedef {{ id?: string, url?: string, tab?: { id?: number }, frameId?: number }} Sender
 */

/** Message type names, so senders and the worker cannot drift apart. */
export const MSG = Object.freeze({
  checkFrame: 'checkFrame',
  getPrevention: 'getPrevention',
  closeTab: 'closeTab',
  getStatus: 'getStatus',
  saveSettings: 'saveSettings',
  updateNow: 'updateNow',
});

/** @typedef {'string' | 'object'} FieldKind */

/**
 * The fields each message type carries besides `type`, and their kind
 * (`object`: a plain object, not null nor an array).
 * @type {Readonly<Record<Message['type'], Readonly<Record<string, FieldKind>>>>}
 */
const FIELDS = Object.freeze({
  checkFrame: { url: 'string' },
  getPrevention: { lang: 'string', country: 'string', token: 'string' },
  closeTab: {},
  getStatus: {},
  saveSettings: { settings: 'object' },
  updateNow: {},
});

/**
 * A plain object (not null, an array, a Date, …), whichever realm made it:
 * the browser hands the worker a copy, never checked by prototype here.
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isPlainObject(value) {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
}

/**
 * True when `value` is a well-formed message: a plain object whose `type` is
 * one of `MSG` and whose other own fields are exactly those its type names,
 * each of its kind. Anything else (an unknown type, a missing or mistyped
 * field, a field no message has) is refused: the worker does not answer it.
 * @param {unknown} value
 * @returns {value is Message}
 */
export function isMessage(value) {
  if (!isPlainObject(value) || typeof value.type !== 'string' || !Object.hasOwn(FIELDS, value.type)) return false;
  const fields = FIELDS[/** @type {Message['type']} */ (value.type)];
  const keys = Object.keys(value);
  if (keys.length !== Object.keys(fields).length + 1) return false;
  return Object.entries(fields).every(([name, kind]) =>
    Object.hasOwn(value, name) && (kind === 'object' ? isPlainObject(value[name]) : typeof value[name] === kind),
  );
}

/** The warning page's path inside the extension. */
export const WARNING_PATH = 'pages/warning.html';
/** The page shown under a fail-closed policy while no list is in force. */
export const UNAVAILABLE_PATH = 'pages/unavailable.html';

/** The warning page URL's parameter that carries the worker's token. */
export const WARNING_TOKEN_PARAM = 't';

/**
 * The warning page query for a verdict: only the kind (page or search) and
 * the worker's token for that page, never the URL, the search text or the
 * list's category (the page does not need it).
 * @param {{ kind?: string }} verdict
 * @param {string} token from the worker's tokens.js
 * @returns {string} e.g. `?kind=search&t=0f3a…`
 */
export function warningQuery(verdict, token) {
  const kind = verdict.kind === 'url' ? 'page' : 'search';
  return `?${new URLSearchParams({ kind, [WARNING_TOKEN_PARAM]: token })}`;
}

/**
 * Where the list in force came from (engine.js): shipped in the extension,
 * the last good one from storage, downloaded, swapped in by an update, or
 * none in force.
 * @typedef {'packaged' | 'stored' | 'downloaded' | 'updated' | 'none'} ListSource
 */

/** @typedef {import('../background/lists/settings.js').Settings} Settings */
/** @typedef {import('../background/lists/settings.js').UserSettings} UserSettings */

/**
 * Everything the options page shows (lists/updater.js `status()`).
 * @typedef {object} ListStatus
 * @property {{ id: string, sequence: number, created: number, expires: number, keyId: string,
 *   ageSeconds: number, expired: boolean, source: ListSource } | null} list
 *   the list in force, null when none is
 * @property {boolean} keyMismatch the list in force is not signed with the configured key
 * @property {('no-list' | 'expired' | 'stale')[]} problems what the badge shows, the weightiest first
 * @property {boolean} configured a list URL is configured
 * @property {'open' | 'closed'} failMode
 * @property {Settings} settings the effective settings
 * @property {UserSettings} user the user's own settings
 * @property {UserSettings} policy the managed policy's settings
 * @property {boolean} locked every field is set by policy
 * @property {string[]} lockedFields
 * @property {ErrorRecord[]} settingsErrors
 * @property {number | null} lastCheck
 * @property {number | null} lastSuccess
 * @property {ErrorRecord & { at: number } | null} lastError
 * @property {number | null} nextRetry
 * @property {{ via: 'delta' | 'full', fallback?: string, at: number } | null} lastUpdate how the last new list
 *   came: by delta, or the full file (`fallback`: why a delta offered was not used, e.g. delta-mismatch)
 * @property {number} failures
 * @property {boolean} updating
 */
