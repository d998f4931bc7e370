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
 * Warning page: the message and help resources to show.
 * @typedef {{ type: 'getPrevention', lang: string, country: string }} GetPreventionMessage
 * @typedef {{ prevention: import('../../../www/pkg/turnback.js').Prevention } | { error: string }} GetPreventionReply
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

/**
 * The warning page query for a verdict: only the kind (page or search) and
 * the list's category name, never the URL or the search text.
 * @param {{ kind?: string, category?: string }} verdict
 * @returns {string} e.g. `?kind=search&category=default`
 */
export function warningQuery(verdict) {
  const kind = verdict.kind === 'url' ? 'page' : 'search';
  const params = new URLSearchParams({ kind });
  if (verdict.category) params.set('category', verdict.category);
  return `?${params}`;
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
