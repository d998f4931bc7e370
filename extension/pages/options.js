// The options page: shows the list in use and its update state, edits the
// list URL, key, country and update period. All decisions (validation,
// policy, updates) are the worker's; this page only asks and renders.

import { api } from '../src/shared/browser.js';
import { countryFromLocale, parseLocale, uiLanguage } from '../src/shared/locale.js';
import { MSG } from '../src/shared/protocol.js';
import { errorMessage } from '../src/shared/errors.js';

/** @typedef {import('../src/shared/protocol.js').ErrorRecord} ErrorRecord */
/** @typedef {import('../src/shared/protocol.js').ListStatus} Status */
/** @typedef {import('../src/shared/protocol.js').ListReply} Reply */

/**
 * The settings the form edits, each an element id.
 * @type {readonly (keyof import('../src/shared/protocol.js').SettingsEdit)[]}
 */
const FIELDS = ['listUrl', 'publicKey', 'country', 'updateHours'];
/** @type {Record<string, string>} */
const ERROR_KEYS = {
  'invalid-setting': 'optionsErrorInvalidSetting',
  locked: 'optionsErrorLocked',
  network: 'optionsErrorNetwork',
  timeout: 'optionsErrorTimeout',
  http: 'optionsErrorHttp',
  redirect: 'optionsErrorRedirect',
  'too-large': 'optionsErrorTooLarge',
  interrupted: 'optionsErrorInterrupted',
  truncated: 'optionsErrorTruncated',
  refused: 'optionsErrorRefused',
  'stored-refused': 'optionsErrorStoredRefused',
  persist: 'optionsErrorPersist',
};
/** Languages written right to left (primary subtags). */
const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);
/** @type {Record<string, string>} */
const SOURCE_KEYS = {
  packaged: 'optionsSourcePackaged',
  stored: 'optionsSourceStored',
  downloaded: 'optionsSourceDownloaded',
  none: 'optionsSourceNone',
};
/** The warning for each problem the worker reports (lists/updater.js). */
/** @type {Record<string, string>} */
const PROBLEM_KEYS = { expired: 'optionsProblemExpired', stale: 'optionsProblemStale' };

/**
 * The sentence for one problem; no list in force reads differently under a fail-closed policy.
 * @param {string} problem
 * @param {Status} status
 */
function problemKey(problem, status) {
  if (problem === 'no-list') return status.failMode === 'closed' ? 'optionsProblemNoListClosed' : 'optionsProblemNoList';
  return PROBLEM_KEYS[problem];
}

/**
 * The UI text for a message key (the key itself when it has none).
 * @param {string} key
 * @param {string | string[]} [subs] substitutions
 */
const t = (key, subs) => api.i18n.getMessage(key, subs) || key;
const lang = uiLanguage();
/**
 * An element of this page by id (options.html has every id asked for).
 * @param {string} id
 */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/**
 * A settings field by name (an input or, for the key, a textarea).
 * @param {string} field
 */
const fieldInput = (field) => /** @type {HTMLInputElement | HTMLTextAreaElement} */ ($(field));

function localize() {
  document.documentElement.lang = lang;
  // From the language itself: Chromium's @@bidi_dir follows its own UI
  // locale, which can differ from the language the messages are picked in.
  const rtl = RTL.has(parseLocale(lang).language) || api.i18n.getMessage('@@bidi_dir') === 'rtl';
  document.documentElement.dir = rtl ? 'rtl' : 'ltr';
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-i18n]'))) el.textContent = t(el.dataset.i18n ?? '');
  // The country the warning page uses when the field is empty (as locale.js decides it).
  const region = countryFromLocale(lang) || countryFromLocale(globalThis.navigator?.language);
  if (region) fieldInput('country').placeholder = region;
}

/**
 * Sends a list message to the worker; a failure to answer becomes an error reply.
 * @param {import('../src/shared/protocol.js').GetStatusMessage | import('../src/shared/protocol.js').SaveSettingsMessage
 *   | import('../src/shared/protocol.js').UpdateNowMessage} msg
 * @returns {Promise<Reply>}
 */
function ask(msg) {
  /**
   * @param {string} message
   * @returns {Reply}
   */
  const noAnswer = (message) => ({ ok: false, error: { code: 'internal', message } });
  return api.runtime.sendMessage(msg).then(
    (res) => res ?? noAnswer('no answer from the extension'),
    /** @param {unknown} err */
    (err) => noAnswer(String(errorMessage(err))),
  );
}

const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });

/** @param {number | null} ms */
function when(ms) {
  return ms ? dateTime.format(new Date(ms)) : t('optionsNever');
}

/** @param {number} seconds */
function age(seconds) {
  /** @type {[Intl.RelativeTimeFormatUnit, number][]} */
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (seconds >= size) return relative.format(-Math.floor(seconds / size), unit);
  }
  return relative.format(0, 'minute');
}

/**
 * The localized sentence for an error, with the worker's English detail after it.
 * @param {ErrorRecord} err
 */
function errorNode(err) {
  const frag = document.createDocumentFragment();
  frag.append(t(ERROR_KEYS[err.code] ?? 'optionsErrorInternal'), ' ');
  const detail = document.createElement('span');
  detail.className = 'detail';
  detail.lang = 'en';
  detail.dir = 'ltr';
  detail.textContent = `(${err.message})`;
  frag.append(detail);
  return frag;
}

/** @param {Status} status */
function renderForm(status) {
  $('locked-note').hidden = !status.locked;
  for (const field of FIELDS) {
    const input = fieldInput(field);
    const fixed = status.lockedFields.includes(field);
    const value = status.settings[field];
    input.value = value === undefined ? '' : String(value);
    input.readOnly = fixed;
    $(`${field}-policy`).hidden = !fixed || status.locked;
  }
  /** @type {HTMLButtonElement} */ ($('save')).disabled = status.locked;
  $('save').hidden = status.locked;
  const policyErrors = $('policy-errors');
  policyErrors.replaceChildren();
  for (const err of status.settingsErrors) {
    const p = document.createElement('p');
    p.append(errorNode(err));
    policyErrors.append(p);
  }
  policyErrors.hidden = status.settingsErrors.length === 0;
}

/** @param {Status} status */
function renderStatus(status) {
  const { list } = status;
  const none = t('optionsNone');
  $('status-id').textContent = list ? list.id : none;
  $('status-sequence').textContent = list ? String(list.sequence) : none;
  $('status-created').textContent = list ? when(list.created * 1000) : none;
  $('status-expires').textContent = list ? when(list.expires * 1000) : none;
  $('status-age').textContent = list ? age(list.ageSeconds) : none;
  $('status-source').textContent = t(SOURCE_KEYS[list?.source ?? 'none'] ?? 'optionsSourcePackaged');
  $('status-last-check').textContent = when(status.lastCheck);
  $('status-last-success').textContent = when(status.lastSuccess);
  const problems = $('problems');
  problems.replaceChildren(
    ...status.problems.map((problem) => {
      const p = document.createElement('p');
      p.dataset.problem = problem;
      p.textContent = t(problemKey(problem, status));
      return p;
    }),
  );
  problems.hidden = status.problems.length === 0;
  const lastError = $('status-last-error');
  lastError.replaceChildren(status.lastError ? errorNode(status.lastError) : t('optionsNone'));
  $('status-next-retry').textContent = status.nextRetry ? when(status.nextRetry) : t('optionsNone');
  $('no-url').hidden = status.configured;
  $('key-mismatch').hidden = !status.keyMismatch;
}

function clearFieldErrors() {
  for (const field of FIELDS) {
    $(field).removeAttribute('aria-invalid');
    $(`${field}-error`).hidden = true;
    $(`${field}-error`).replaceChildren();
  }
}

/** @param {ErrorRecord} err */
function showError(err) {
  const field = FIELDS.find((f) => f === err.field);
  if (field) {
    const box = $(`${field}-error`);
    box.replaceChildren(errorNode(err));
    box.hidden = false;
    $(field).setAttribute('aria-invalid', 'true');
    $(field).focus();
  }
  $('live').replaceChildren(errorNode(err));
}

/**
 * @param {Status} status
 * @param {{ form?: boolean }} [options] form: refill the settings form too
 */
function render(status, { form = true } = {}) {
  if (form) renderForm(status);
  renderStatus(status);
}

async function refresh() {
  const res = await ask({ type: MSG.getStatus });
  if (res.ok) render(res.status);
  else showError(res.error);
}

/**
 * Runs `work` with `button` disabled, announcing `message` meanwhile.
 * @param {HTMLButtonElement} button
 * @param {string} message a message key
 * @param {() => Promise<void>} work
 */
async function busy(button, message, work) {
  button.disabled = true;
  $('live').textContent = t(message);
  try {
    await work();
  } finally {
    button.disabled = false;
  }
}

/**
 * The form's fields that the policy does not fix.
 * @param {Status | null} status
 * @returns {Record<string, string>}
 */
function formValues(status) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const field of FIELDS) {
    if (status?.lockedFields.includes(field)) continue;
    out[field] = fieldInput(field).value.trim();
  }
  return out;
}

/** @type {Status | null} */
let current = null;

async function main() {
  localize();
  const res = await ask({ type: MSG.getStatus });
  if (res.ok) {
    current = res.status;
    render(current);
  } else {
    showError(res.error);
  }
  $('settings').addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors();
    busy(/** @type {HTMLButtonElement} */ ($('save')), 'optionsSaving', async () => {
      const r = await ask({ type: MSG.saveSettings, settings: formValues(current) });
      if (!r.ok) {
        showError(r.error);
        return;
      }
      current = r.status;
      render(current);
      $('live').textContent = t('optionsSaved');
    });
  });
  $('update-now').addEventListener('click', () => {
    busy(/** @type {HTMLButtonElement} */ ($('update-now')), 'optionsUpdating', async () => {
      const r = await ask({ type: MSG.updateNow });
      if (!r.ok) {
        showError(r.error);
        return;
      }
      current = r.status;
      render(current, { form: false });
      $('live').textContent = t('optionsUpdateDone');
    });
  });
  // The worker may update on its own (alarm, policy): keep the status fresh.
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && (changes.listStatus || changes.list || changes.settings)) {
      // Settings written elsewhere (another options tab, an admin tool) refill the form.
      const form = Boolean(changes.settings);
      ask({ type: MSG.getStatus }).then((r) => {
        if (r.ok) {
          current = r.status;
          render(current, { form });
        }
      });
    }
    if (area === 'managed') refresh();
  });
}

main();
