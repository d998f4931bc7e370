// One loaded widget: the verified engine (or none yet), the failure policy
// with its retry timer, the attached forms and the notice element.

import { loadEngine } from './engine.js';
import { interceptSubmit } from './attach.js';
import { defineNotice, FALLBACK, NOTICE_TAG } from './notice.js';
import { countryFromLocale, defaultLanguage } from './locale.js';
import { unavailableText } from './unavailable.js';

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;

function plainVerdict(v) {
  const out = { matched: !!(v && v.matched) };
  if (out.matched) {
    for (const k of ['kind', 'category', 'entry']) if (v[k] != null) out[k] = String(v[k]);
  }
  return out;
}

function looksLikeUrl(text) {
  return /^[^\s]+\.[^\s]+$/.test(text) || /^https?:\/\//i.test(text);
}

function reason(err) {
  const msg = err && err.message ? String(err.message) : String(err);
  return msg.slice(0, 200);
}

export class TurnbackInstance {
  #engine = null;
  #info = null;
  #opts;
  #notice = null;
  #warned = false;
  #timer = null;
  #delay;
  #detachers = new Set();
  #destroyed = false;

  /** @internal Use `Turnback.load()`. */
  constructor(opts) {
    this.#opts = opts;
    this.#delay = opts.retry.initialDelay;
  }

  /** The language the notice is shown in (as asked; the list falls back to English). */
  get lang() {
    return this.#opts.lang;
  }

  /** The country whose help services are listed first ("" for none). */
  get country() {
    return this.#opts.country;
  }

  /** "open" or "closed": what happens while no verified list is loaded. */
  get failMode() {
    return this.#opts.failMode;
  }

  /** True once a verified list is in use. */
  get ready() {
    return this.#engine !== null;
  }

  /** The loaded list's id, sequence, dates and sizes; null while none is loaded. */
  get info() {
    return this.#info;
  }

  /** @internal One fetch-and-verify attempt; on failure warns once and schedules a retry. */
  async _attempt() {
    this.#timer = null;
    if (this.#destroyed) return false;
    try {
      const engine = await loadEngine(this.#opts);
      if (this.#destroyed) {
        engine.free?.();
        return false;
      }
      const old = this.#engine;
      this.#engine = engine;
      this.#info = Object.freeze({ ...engine.info() });
      this.#delay = this.#opts.retry.initialDelay;
      old?.free?.();
      return true;
    } catch (err) {
      if (!this.#warned) {
        this.#warned = true;
        const policy = this.#opts.failMode === 'closed' ? 'blocked' : 'allowed';
        console.warn(
          `Turnback: the prevention list could not be loaded or verified (${reason(err)}). ` +
            `Searches are ${policy} until a retry succeeds.`,
        );
      }
      this.#scheduleRetry();
      return false;
    }
  }

  #scheduleRetry() {
    if (this.#destroyed || this.#timer !== null) return;
    const delay = this.#delay;
    this.#delay = Math.min(delay * 2, this.#opts.retry.maxDelay);
    this.#timer = setTimeout(() => this._attempt(), delay);
  }

  /**
   * Checks search text against the list. Returns `{ matched: false }` while no
   * list is loaded. Text without spaces that looks like an address is also
   * checked as a URL.
   */
  check(text) {
    const engine = this.#engine;
    if (!engine) return { matched: false };
    const s = String(text ?? '');
    try {
      let v = engine.checkQuery(s);
      if (!v.matched && looksLikeUrl(s.trim())) {
        const t = s.trim();
        v = engine.checkUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `http://${t}`);
      }
      return plainVerdict(v);
    } catch {
      return { matched: false };
    }
  }

  /**
   * Decides whether a search may proceed. Returns true to let it through;
   * false when it is blocked, after showing the panel. `options.returnFocus`
   * gets the focus back when the panel closes; `options.target` receives the
   * `turnback:match` event (default: the notice element).
   */
  guard(query, options = {}) {
    const decision = this.#decide([query]);
    if (decision.allow) return true;
    this.#present(decision, options);
    return false;
  }

  /**
   * Guards a search form (or a lone input/textarea): Enter, the submit button
   * and `requestSubmit()` are checked before the provider's handlers run.
   * Returns a function that detaches it again.
   */
  attach(target, options = {}) {
    const input = options.input || (target && target.tagName !== 'FORM' ? target : null);
    const detach = interceptSubmit(
      target,
      (fields) => {
        const decision = this.#decide(fields.map((f) => f.value));
        if (decision.allow) return true;
        const field = decision.index >= 0 ? fields[decision.index] : input || fields[0] || null;
        if (decision.verdict && options.clearInput !== false && field) field.value = '';
        this.#present(decision, { target, returnFocus: field });
        return false;
      },
      { input: options.input },
    );
    const wrapped = () => {
      detach();
      this.#detachers.delete(wrapped);
    };
    this.#detachers.add(wrapped);
    return wrapped;
  }

  /** Detaches every form, closes the panel, stops retrying and frees the engine. */
  destroy() {
    this.#destroyed = true;
    for (const d of [...this.#detachers]) d();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#notice) {
      this.#notice.close();
      this.#notice.remove();
    }
    this.#engine?.free?.();
    this.#engine = null;
    this.#info = null;
  }

  #decide(texts) {
    if (!this.#engine) {
      return this.#opts.failMode === 'closed' ? { allow: false, verdict: null, index: -1 } : { allow: true };
    }
    for (let i = 0; i < texts.length; i++) {
      const verdict = this.check(texts[i]);
      if (verdict.matched) return { allow: false, verdict, index: i };
    }
    return { allow: true };
  }

  #present(decision, { target = null, returnFocus = null } = {}) {
    const notice = this.#noticeElement();
    const back = returnFocus || document.activeElement;
    if (!decision.verdict) {
      const unavailable = this.#opts.unavailableText || unavailableText(this.#opts.lang);
      notice.show({ unavailable }, { returnFocus: back });
      return;
    }
    let prevention = null;
    try {
      prevention = this.#engine.prevention(this.#opts.lang, this.#opts.country);
    } catch {
      prevention = null;
    }
    notice.show(prevention ? { prevention } : { unavailable: FALLBACK.stopped }, { returnFocus: back });
    const { kind, category, entry } = decision.verdict;
    (target || notice).dispatchEvent(
      new CustomEvent('turnback:match', {
        bubbles: true,
        composed: true,
        detail: Object.freeze({ kind, category, entry }),
      }),
    );
  }

  #noticeElement() {
    if (!this.#notice) {
      defineNotice();
      this.#notice = document.createElement(NOTICE_TAG);
    }
    return this.#notice;
  }
}

/** Normalizes and checks `Turnback.load()` options. */
export function resolveOptions(options) {
  if (!options || (typeof options.list !== 'string' && !(options.list instanceof URL))) {
    throw new TypeError('Turnback.load(): `list` (URL or string) is required');
  }
  if (typeof options.publicKey !== 'string') {
    throw new TypeError('Turnback.load(): `publicKey` (string) is required');
  }
  const failMode = options.failMode ?? 'open';
  if (failMode !== 'open' && failMode !== 'closed') {
    throw new TypeError('Turnback.load(): `failMode` must be "open" or "closed"');
  }
  const lang = options.lang || defaultLanguage();
  const retry = options.retry || {};
  const initialDelay = Math.max(10, Number(retry.initialDelay) || FIRST_RETRY_MS);
  return {
    list: options.list,
    publicKey: options.publicKey.trim(),
    wasm: options.wasm,
    lang,
    country: String(options.country ?? (countryFromLocale(lang) || countryFromLocale(defaultLanguage()))).toUpperCase(),
    failMode,
    unavailableText: options.unavailableText || null,
    retry: { initialDelay, maxDelay: Math.max(initialDelay, Number(retry.maxDelay) || MAX_RETRY_MS) },
  };
}
