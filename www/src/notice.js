// <turnback-notice>: the prevention panel, rendered in shadow DOM so that the
// host page's CSS cannot break it and its CSS cannot leak into the page. It
// never receives the user's query: only the list's message and help services.

import { UNAVAILABLE } from './unavailable.js';

const TAG = 'turnback-notice';

const STYLE = `
:host {
  all: initial !important;
  display: block !important;
  visibility: visible !important;
  opacity: 1 !important;
}
.panel {
  box-sizing: border-box;
  position: fixed;
  inset: 0;
  margin: auto;
  padding: 0;
  border: 0;
  border-top: 6px solid #9b1c1c;
  border-radius: 12px;
  width: 36em;
  max-width: calc(100vw - 16px);
  height: fit-content;
  max-height: calc(100vh - 16px);
  overflow: auto;
  background: #ffffff;
  color: #1b1b1b;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", Arial, sans-serif;
  font-size: 1rem;
  font-size: medium;
  font-weight: 400;
  line-height: 1.5;
  text-align: start;
  overflow-wrap: anywhere;
  box-shadow: 0 12px 48px rgba(0, 0, 0, 0.45);
}
.panel::backdrop { background: rgba(12, 12, 20, 0.75); }
.content { padding: 1.25em 1.25em 1em; }
h2, h3, p, ul, li { margin: 0; padding: 0; }
h2 { font-size: 1.375em; line-height: 1.3; font-weight: 700; color: #9b1c1c; margin-block-end: 0.5em; }
h2:focus { outline: none; }
.body { margin-block-end: 1em; }
.help { background: #eef3fa; border-radius: 8px; padding: 0.875em 1em; margin-block-end: 1em; }
h3 { font-size: 1.0625em; font-weight: 700; color: #1b1b1b; margin-block-end: 0.375em; }
.help-text { margin-block-end: 0.75em; }
ul { list-style: none; }
.resource { padding-block: 0.5em; border-block-start: 1px solid #c9d3e0; }
.name { font-weight: 700; }
.desc { font-size: 0.9375em; margin-block: 0.125em 0.25em; }
.ways { font-size: 0.9375em; }
.ways li { display: inline; }
.ways li + li::before { content: " · "; color: #4a4a4a; }
a { color: #0b4fb3; text-decoration: underline; text-underline-offset: 2px; }
a:hover { color: #073a86; }
.actions { display: flex; justify-content: flex-end; }
button {
  font: inherit;
  font-weight: 700;
  color: #ffffff;
  background: #0b4fb3;
  border: 2px solid #0b4fb3;
  border-radius: 8px;
  min-height: 44px;
  padding: 0.5em 1.5em;
  cursor: pointer;
}
button:hover { background: #073a86; border-color: #073a86; }
a:focus-visible, button:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; }
@media (forced-colors: active) {
  .panel { border: 2px solid CanvasText; }
  button { border-color: ButtonText; }
}
`;

/** English text for when no list is available (fail-closed) or the list has no message. */
export const FALLBACK = Object.freeze({
  unavailable: UNAVAILABLE.en,
  stopped: Object.freeze({
    lang: 'en',
    dir: 'ltr',
    title: 'This search has been stopped',
    body: 'Search was stopped by a safety filter.',
    primary: 'Go back',
  }),
});

/** @typedef {import('../pkg/turnback.js').Prevention} Prevention */
/** @typedef {import('../pkg/turnback.js').Resource} Resource */
/** @typedef {import('../turnback-widget.js').UnavailableText} UnavailableText */

// Without a DOM (the widget's modules imported under Node) the module must
// still load; the stand-in class is never instantiated there, so it is typed
// as the real base.
const Base = globalThis.HTMLElement || /** @type {typeof HTMLElement} */ (/** @type {unknown} */ (class {}));

/** @type {CSSStyleSheet | null} */
let sharedSheet = null;

/**
 * Gives the shadow root the panel's style: one constructed sheet shared by
 * every panel, or a <style> element where constructed sheets are missing.
 * @param {ShadowRoot} root
 */
function adopt(root) {
  try {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(STYLE);
    }
    root.adoptedStyleSheets = [sharedSheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = STYLE;
    root.append(style);
  }
}

/**
 * A new element with attributes (`text`: its text, `class`: its class name) and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string> | null} props
 * @param {...(Node | string | null | undefined)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(.../** @type {(Node | string)[]} */ (children.filter((c) => c != null)));
  return node;
}

/**
 * The URL when it is a valid https URL, else null.
 * @param {unknown} url
 */
function httpsUrl(url) {
  try {
    const u = new URL(String(url));
    return u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/**
 * @param {string} url
 * @param {string} text
 */
function newTabLink(url, text) {
  return el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text });
}

/**
 * One help service's list item, or null when its link is not https.
 * @param {Resource} r
 * @param {Prevention} p the labels (website, phone, chat)
 */
function resourceItem(r, p) {
  const url = httpsUrl(r.url);
  if (!url) return null;
  const ways = el('ul', { class: 'ways' });
  ways.append(el('li', null, `${p.websiteLabel}: `, newTabLink(url.href, url.host)));
  if (r.phone) {
    const tel = String(r.phone).replace(/[^0-9+]/g, '');
    if (tel) {
      ways.append(el('li', null, `${p.phoneLabel}: `, el('a', { href: `tel:${tel}`, dir: 'ltr', text: r.phone })));
    }
  }
  if (r.chat) ways.append(el('li', { text: p.chatLabel }));
  return el(
    'li',
    { class: 'resource' },
    // dir="auto": a service's name and description may be in another script
    // than the message (English text in an Arabic panel keeps its punctuation).
    el('p', { class: 'name', dir: 'auto' }, newTabLink(url.href, r.name)),
    r.description ? el('p', { class: 'desc', dir: 'auto', text: r.description }) : null,
    ways,
  );
}

/**
 * The prevention panel. Create it with `document.createElement('turnback-notice')`
 * (the widget does this for you) and open it with `show()`.
 */
export class TurnbackNotice extends Base {
  constructor() {
    super();
    this._root = this.attachShadow({ mode: 'open' });
    adopt(this._root);
    /** @type {HTMLDialogElement | null} */
    this._dialog = null;
    /** @type {HTMLElement | null} */
    this._returnFocus = null;
    /** @type {(() => void) | null} */
    this._onClose = null;
    /** @param {KeyboardEvent} e */
    this._keydown = (e) => this._onKeydown(e);
  }

  /** True while the panel is shown. */
  get open() {
    return !!(this._dialog && this._dialog.open);
  }

  /**
   * Shows the panel. `content` is `{ prevention }` (a match: the list's message
   * and help services) or `{ unavailable: { lang, dir, title, body, primary } }`
   * (fail-closed). `returnFocus` gets the focus back when the panel closes.
   * @param {import('../turnback-widget.js').NoticeContent} content
   * @param {{ returnFocus?: HTMLElement | null, onClose?: (() => void) | null }} [options]
   */
  show(content, { returnFocus = null, onClose = null } = {}) {
    if (!this.isConnected) (document.body || document.documentElement).append(this);
    // Shown again while open: keep the focus target of the first showing.
    if (returnFocus === this || (returnFocus && this.contains(returnFocus))) returnFocus = this._returnFocus;
    if (this.open) this._finish(false);
    this._returnFocus = returnFocus;
    this._onClose = onClose;
    // Typed, but a page's own script may pass anything.
    const given = typeof content === 'object' && content !== null ? content : null;
    const prevention = given && 'prevention' in given ? given.prevention : null;
    const dialog = prevention ? this._renderPrevention(prevention) : this._renderSimple(given && 'unavailable' in given ? given.unavailable : null);
    this._root.replaceChildren(dialog);
    this._dialog = dialog;
    dialog.addEventListener('keydown', this._keydown);
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      this.close();
    });
    dialog.addEventListener('close', () => {
      if (this._dialog === dialog) this._finish(true);
    });
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    /** @type {HTMLHeadingElement} */ (dialog.querySelector('h2')).focus();
  }

  /** Closes the panel (the "Back" action) and returns focus. */
  close() {
    this._finish(true);
  }

  /** @param {boolean} restore whether the focus goes back */
  _finish(restore) {
    const dialog = this._dialog;
    if (!dialog) return;
    this._dialog = null;
    if (dialog.open && typeof dialog.close === 'function') dialog.close();
    dialog.removeAttribute('open');
    this._root.replaceChildren();
    const target = this._returnFocus;
    const onClose = this._onClose;
    this._returnFocus = null;
    this._onClose = null;
    if (restore && target && target.isConnected && typeof target.focus === 'function') target.focus();
    if (onClose) onClose();
  }

  /** @param {KeyboardEvent} e */
  _onKeydown(e) {
    if (!this._dialog) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    } else if (e.key === 'Tab') {
      const items = [.../** @type {NodeListOf<HTMLElement>} */ (this._dialog.querySelectorAll('a[href], button'))];
      if (items.length === 0) return;
      e.preventDefault();
      const i = items.findIndex((item) => item === this._root.activeElement);
      const n = items.length;
      const next = i === -1 ? (e.shiftKey ? n - 1 : 0) : (i + (e.shiftKey ? -1 : 1) + n) % n;
      items[next].focus();
    }
  }

  /** @param {{ lang?: string, dir?: string, title: string, body: string }} text */
  _frame({ lang, dir, title, body }) {
    const dialog = el('dialog', {
      class: 'panel',
      role: 'alertdialog',
      'aria-modal': 'true',
      'aria-labelledby': 'tb-title',
      'aria-describedby': 'tb-body',
      lang: lang || 'en',
      dir: dir === 'rtl' ? 'rtl' : 'ltr',
    });
    const content = el(
      'div',
      { class: 'content' },
      el('h2', { id: 'tb-title', tabindex: '-1', text: title }),
      el('p', { id: 'tb-body', class: 'body', text: body }),
    );
    dialog.append(content);
    return { dialog, content };
  }

  /** @param {string} primary the button's label */
  _actions(primary) {
    const button = el('button', { type: 'button', class: 'primary', text: primary });
    button.addEventListener('click', () => this.close());
    return el('div', { class: 'actions' }, button);
  }

  /** @param {UnavailableText | null | undefined} text */
  _renderSimple(text) {
    const t = text || FALLBACK.unavailable;
    const { dialog, content } = this._frame(t);
    content.append(this._actions(t.primary || FALLBACK.unavailable.primary));
    return dialog;
  }

  /** @param {Prevention} p */
  _renderPrevention(p) {
    const { dialog, content } = this._frame({ lang: p.lang, dir: p.dir, title: p.titleSearch, body: p.body });
    dialog.setAttribute('aria-describedby', 'tb-body tb-help-text');
    const items = (p.resources || []).map((r) => resourceItem(r, p)).filter(Boolean);
    const help = el(
      'section',
      { class: 'help', 'aria-labelledby': 'tb-help' },
      el('h3', { id: 'tb-help', text: p.helpHeading }),
      el('p', { id: 'tb-help-text', class: 'help-text', text: p.helpText }),
      items.length ? el('ul', { class: 'resources' }, ...items) : el('p', { class: 'none', text: p.noResources }),
    );
    content.append(help, this._actions(p.primary));
    return dialog;
  }
}

/** Defines `<turnback-notice>` once (a second copy of the widget reuses the first definition). */
export function defineNotice() {
  if (typeof customElements === 'undefined') return null;
  if (!customElements.get(TAG)) customElements.define(TAG, TurnbackNotice);
  return customElements.get(TAG);
}

/** The panel element's tag name. */
export const NOTICE_TAG = TAG;
