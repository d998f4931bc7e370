// The warning page: the list's prevention message and help resources for the
// user's language and country, one "Go back" action, no way to continue.
// It reads only `kind` and the worker's token from its own URL and never
// shows the stopped URL or search (it never receives them).
//
// It always shows help: at once the packaged message and help services
// (data/meta, packaged-prevention.js), then the list's own texts once the
// worker answers; it asks again, with backoff, while the worker is busy,
// restarting or has no list yet. The worker answers only to the token it put
// in this page's URL (tokens.js): a copy some website framed gets neither the
// list's texts nor the packaged help, but one neutral sentence, so the
// genuine warning cannot serve as a prop. A top-level page without a valid
// token (reopened from history, session restore) keeps the packaged help: a
// person may be reading it.

import { api } from '../src/shared/browser.js';
import { mainCountry, uiLanguage, userLocale } from '../src/shared/locale.js';
import { MSG, WARNING_TOKEN_PARAM } from '../src/shared/protocol.js';
import { packagedPrevention } from './packaged-prevention.js';

/**
 * An element of this page by id (warning.html has every id asked for).
 * @param {string} id
 */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/**
 * The browser's text for a message key of _locales ('' when none).
 * @param {string} key
 */
const msg = (key) => api.i18n.getMessage(key);
const params = new URLSearchParams(location.search);
const kind = params.get('kind') === 'page' ? 'page' : 'search';
const token = params.get(WARNING_TOKEN_PARAM) ?? '';
const framed = isFramed();

/** Ask the worker again for this long, waiting twice as long each time up to a ceiling. */
const ASK_FOR_MS = 30_000;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 4_000;

/** True inside a frame (a cross-origin parent cannot be compared: treated as framed). */
function isFramed() {
  try {
    return window.top !== window;
  } catch {
    return true;
  }
}

/**
 * Runs `use(sessionStorage)`, or returns null: in a frame on another site
 * Chromium denies this page its storage, and reading `sessionStorage` throws.
 * @template T
 * @param {(storage: Storage) => T} use
 * @returns {T | null}
 */
function withSession(use) {
  try {
    return use(sessionStorage);
  } catch {
    return null;
  }
}

/** A copy of the page the worker did not open, in a frame: one neutral sentence, no help, no action. */
function showNotOpened() {
  document.documentElement.lang = msg('@@ui_locale').replace(/_/g, '-') || 'en';
  document.documentElement.dir = msg('@@bidi_dir') || 'ltr';
  document.documentElement.dataset.source = 'untrusted';
  document.title = 'Turnback';
  $('title').textContent = '';
  $('title').hidden = true;
  $('body').textContent = msg('warningNotOpened');
  $('back').hidden = true;
  $('help').hidden = true;
  $('resources').replaceChildren();
}

/**
 * Only https help links and dialable phone numbers are shown.
 * @param {string} url
 */
function safeHttps(url) {
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** @typedef {import('./packaged-prevention.js').ShownPrevention} ShownPrevention */

/**
 * The worker's GetPreventionReply (src/shared/protocol.js), each of its
 * fields read as optional.
 * @typedef {{ prevention?: ShownPrevention, untrusted?: true, error?: string }} PreventionReply
 */

/**
 * One help service: its name as a one-click link, what it is, its phone.
 * @param {import('./packaged-prevention.js').ShownResource} resource
 * @param {{ phoneLabel: string }} prevention the labels
 */
function resourceItem(resource, prevention) {
  const li = document.createElement('li');
  // Names and descriptions may be in another script than the page (e.g.
  // English in an Arabic page): let each line find its own direction.
  li.dir = 'auto';
  const href = safeHttps(resource.url);
  let name;
  if (href) {
    name = document.createElement('a');
    name.href = href;
    name.rel = 'noopener noreferrer';
  } else {
    name = document.createElement('span');
  }
  name.textContent = resource.name;
  li.append(name);
  if (resource.description) {
    const about = document.createElement('span');
    about.className = 'about';
    about.textContent = resource.description;
    li.append(about);
  }
  const dial = resource.phone?.replace(/[^\d+]/g, '');
  if (dial) {
    const phone = document.createElement('a');
    phone.className = 'phone';
    phone.href = `tel:${dial}`;
    phone.textContent = `${prevention.phoneLabel}: ${resource.phone}`;
    li.append(phone);
  }
  return li;
}

/**
 * Fills the page from prevention texts: the list's (`source` 'list') or the
 * packaged ones ('packaged'), in the same markup. `data-source` on the root
 * says which.
 * @param {ShownPrevention} p the list's (the engine's Prevention) or the packaged copy
 * @param {'list' | 'packaged'} source
 */
function showPrevention(p, source) {
  document.documentElement.lang = p.lang;
  document.documentElement.dir = p.dir === 'rtl' ? 'rtl' : 'ltr';
  document.documentElement.dataset.source = source;
  $('title').hidden = false;
  $('title').textContent = kind === 'page' ? p.titlePage : p.titleSearch;
  document.title = $('title').textContent || msg('warningDocTitle') || 'Turnback';
  $('body').textContent = p.body;
  $('back').hidden = false;
  $('back').textContent = p.primary;
  $('help-heading').textContent = p.helpHeading;
  $('help-text').textContent = p.helpText;
  const list = $('resources');
  list.setAttribute('aria-label', msg('warningHelpList'));
  list.replaceChildren(...p.resources.map((r) => resourceItem(r, p)));
  list.hidden = p.resources.length === 0;
  $('no-resources').textContent = p.noResources;
  $('no-resources').hidden = p.resources.length > 0;
  $('help').hidden = false;
}

/**
 * Asks the worker for the list's texts until it answers with them or with
 * `untrusted`, at most ASK_FOR_MS. A worker that is busy or restarting may
 * not answer an earlier ask at all (its port closes), so each retry sends
 * anew; any ask's decisive answer wins. Resolves null when none came.
 * @param {import('../src/shared/protocol.js').GetPreventionMessage} message
 * @returns {Promise<PreventionReply | null>}
 */
function askWorker(message) {
  return new Promise((resolve) => {
    const end = Date.now() + ASK_FOR_MS;
    let wait = FIRST_RETRY_MS;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    let done = false;
    /** @param {PreventionReply | null} reply */
    const finish = (reply) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const ask = () => {
      api.runtime.sendMessage(message).then(
        /** @param {PreventionReply | undefined} reply */
        (reply) => {
          if (reply?.prevention || reply?.untrusted) finish(reply);
        },
        () => {}, // no worker to answer yet: the next ask wakes one
      );
      const left = end - Date.now();
      timer = left > wait ? setTimeout(ask, wait) : setTimeout(() => finish(null), Math.max(left, 0));
      wait = Math.min(wait * 2, MAX_RETRY_MS);
    };
    ask();
  });
}

// Set while "Go back" is under way, so that a warning page reached by it
// (the stopped URL's own history entry, redirected in place) goes on back.
const BACK_KEY = 'turnbackGoingBack';
const BACK_MS = 3000;

/** Back to the page before; if there is none, the worker closes the tab. */
function goBack() {
  if (!framed) withSession((s) => s.setItem(BACK_KEY, String(Date.now())));
  if (history.length > 1 || framed) {
    history.back();
    if (framed) return; // a framed warning never closes the page around it
    // history.back() does nothing when this is the first entry: close instead,
    // unless the page is left first (pagehide cancels, also into the bfcache).
    const timer = setTimeout(() => api.runtime.sendMessage({ type: MSG.closeTab }), 800);
    addEventListener('pagehide', () => clearTimeout(timer), { once: true });
  } else {
    api.runtime.sendMessage({ type: MSG.closeTab });
  }
}

/** Focus for screen readers and keyboards, unless framed: never steal it from the page around. */
function focusTitle() {
  const untouched = document.activeElement === document.body || document.activeElement === $('title');
  if (!framed && untouched) $('title').focus();
}

/** True when this page was reached by our own "Go back" just now. */
function arrivedGoingBack() {
  if (framed) return false;
  const started = Number(withSession((s) => s.getItem(BACK_KEY)));
  withSession((s) => s.removeItem(BACK_KEY));
  return Date.now() - started < BACK_MS;
}

/** The user's language and country; the UI language's alone if the settings cannot be read. */
async function locale() {
  try {
    return await userLocale();
  } catch {
    const lang = uiLanguage();
    return { lang, country: mainCountry(lang) };
  }
}

async function main() {
  if (arrivedGoingBack()) {
    goBack();
    return;
  }
  $('back').addEventListener('click', goBack);
  // A framed copy without a token was never opened by the worker: nothing to ask.
  if (framed && !token) {
    showNotOpened();
    return;
  }
  const { lang, country } = await locale();
  showPrevention(packagedPrevention(lang, country), 'packaged');
  focusTitle();
  if (!token) return; // reopened without one: the packaged help stays
  const reply = await askWorker({ type: MSG.getPrevention, lang, country, token });
  if (reply?.prevention) showPrevention(reply.prevention, 'list');
  else if (reply?.untrusted && framed) showNotOpened();
  // Otherwise (a top-level page whose token expired, or no answer in time)
  // the packaged help stays.
  focusTitle();
}

main();
