// One error type for the list machinery: a stable `code` the options page
// localizes, the English `message` for logs and tests, and the settings
// `field` it is about (when there is one).

import { errorMessage } from '../../shared/errors.js';

/**
 * A ListError as a plain object (what the options page reads).
 * @typedef {import('../../shared/protocol.js').ErrorRecord} ErrorRecord
 */

/** Why a setting, a download or a list was refused. */
export class ListError extends Error {
  /**
   * @param {string} code e.g. 'http', 'timeout', 'refused', 'invalid-setting'
   * @param {string} message English, lowercase start; never a visited URL or query
   * @param {{ field?: string, detail?: string }} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message);
    this.name = 'ListError';
    this.code = code;
    if (extra.field) this.field = extra.field;
    if (extra.detail) this.detail = extra.detail;
  }

  /**
   * The plain object sent to the options page and kept in `listStatus`.
   * @returns {ErrorRecord}
   */
  toJSON() {
    /** @type {ErrorRecord} */
    const out = { code: this.code, message: this.message };
    if (this.field) out.field = this.field;
    if (this.detail) out.detail = this.detail;
    return out;
  }
}

/**
 * Any thrown value as the plain `{ code, message }` form.
 * @param {unknown} err
 * @returns {ErrorRecord}
 */
export function errorRecord(err) {
  if (err instanceof ListError) return err.toJSON();
  return { code: 'internal', message: String(errorMessage(err)) };
}
