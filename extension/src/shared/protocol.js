// Messages between the extension's pages / content script and the worker.
// Every message is a plain object with a `type`; the worker answers with the
// typed reply named below. Nothing here ever carries a list entry.

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
 */

/** Message type names, so senders and the worker cannot drift apart. */
export const MSG = Object.freeze({
  checkFrame: 'checkFrame',
  getPrevention: 'getPrevention',
  closeTab: 'closeTab',
});

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
 * Options page → worker (LISTS): the list in use, its update state and the
 * effective settings. Replies are `{ ok: true, status: ListStatus }` or
 * `{ ok: false, error: { code, message, field? } }`.
 * @typedef {{ type: 'getStatus' }} GetStatusMessage
 * @typedef {{ type: 'saveSettings', settings: { listUrl?: string, publicKey?: string, country?: string,
 *   updateHours?: number | string } }} SaveSettingsMessage  empty strings unset a field
 * @typedef {{ type: 'updateNow' }} UpdateNowMessage
 * @typedef {{ list: { id: string, sequence: number, created: number, expires: number, keyId: string,
 *   ageSeconds: number, source: 'packaged' | 'stored' | 'downloaded' }, keyMismatch: boolean,
 *   settings: object, user: object, policy: object, locked: boolean, lockedFields: string[],
 *   settingsErrors: object[], lastCheck: number | null, lastSuccess: number | null,
 *   lastError: { code: string, message: string, detail?: string, at: number } | null,
 *   nextRetry: number | null, failures: number, updating: boolean }} ListStatus
 */
