// The warning page: the list's prevention message and help resources for the
// user's language and country, one "Go back" action, no way to continue.
// It reads only `kind` from its own URL and never shows the stopped URL or
// search (it never receives them).

import { api } from '../src/shared/browser.js';
import { MSG } from '../src/shared/protocol.js';
import { userLocale } from '../src/shared/locale.js';

const $ = (id) => document.getElementById(id);
const msg = (key) => api.i18n.getMessage(key);
const kind = new URLSearchParams(location.search).get('kind') === 'page' ? 'page' : 'search';

/** Browser-language texts shown at once and kept if the worker cannot answer. */
function showFallback() {
  document.title = msg('warningDocTitle') || 'Turnback';
  document.documentElement.lang = msg('@@ui_locale').replace(/_/g, '-') || 'en';
  document.documentElement.dir = msg('@@bidi_dir') || 'ltr';
  $('title').textContent = msg('warningUnavailable');
  $('back').textContent = msg('warningGoBack');
  $('resources').setAttribute('aria-label', msg('warningHelpList'));
}

/** Only https help links and dialable phone numbers are shown. */
function safeHttps(url) {
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** One help service: its name as a one-click link, what it is, its phone. */
function resourceItem(resource, prevention) {
  const li = document.createElement('li');
  // Names and descriptions may be in another script than the page (e.g.
  // English in an Arabic page): let each line find its own direction.
  li.dir = 'auto';
  const href = safeHttps(resource.url);
  const name = document.createElement(href ? 'a' : 'span');
  name.textContent = resource.name;
  if (href) {
    name.href = href;
    name.rel = 'noopener noreferrer';
  }
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

/** Fills the page from the list's prevention texts. */
function showPrevention(p) {
  document.documentElement.lang = p.lang;
  document.documentElement.dir = p.dir === 'rtl' ? 'rtl' : 'ltr';
  $('title').textContent = kind === 'page' ? p.titlePage : p.titleSearch;
  document.title = $('title').textContent;
  $('body').textContent = p.body;
  $('back').textContent = p.primary;
  $('help-heading').textContent = p.helpHeading;
  $('help-text').textContent = p.helpText;
  const list = $('resources');
  list.replaceChildren(...p.resources.map((r) => resourceItem(r, p)));
  list.hidden = p.resources.length === 0;
  $('no-resources').textContent = p.noResources;
  $('no-resources').hidden = p.resources.length > 0;
  $('help').hidden = false;
}

// Set while "Go back" is under way, so that a warning page reached by it
// (the stopped URL's own history entry, redirected in place) goes on back.
const BACK_KEY = 'turnbackGoingBack';
const BACK_MS = 3000;

/** Back to the page before; if there is none, the worker closes the tab. */
function goBack() {
  const inFrame = window.top !== window;
  if (!inFrame) sessionStorage.setItem(BACK_KEY, String(Date.now()));
  if (history.length > 1 || inFrame) {
    history.back();
    if (inFrame) return; // a framed warning never closes the page around it
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
  if (window.top === window) $('title').focus();
}

/** True when this page was reached by our own "Go back" just now. */
function arrivedGoingBack() {
  const started = Number(sessionStorage.getItem(BACK_KEY));
  sessionStorage.removeItem(BACK_KEY);
  return window.top === window && Date.now() - started < BACK_MS;
}

async function main() {
  if (arrivedGoingBack()) {
    goBack();
    return;
  }
  showFallback();
  $('back').addEventListener('click', goBack);
  focusTitle();
  try {
    const { lang, country } = await userLocale();
    const reply = await api.runtime.sendMessage({ type: MSG.getPrevention, lang, country });
    if (reply?.prevention) showPrevention(reply.prevention);
  } catch {
    // The fallback text stays: the page is still stopped and says why.
  }
  focusTitle();
}

main();
