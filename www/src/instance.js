// One loaded widget: the verified engine (or none yet), the loading policy
// (first load, retries with backoff, periodic refresh), the attached forms
// and the notice element.

import { fetchList, initEngine, listDigest, verifyList } from './engine.js';
import { interceptSubmit } from './attach.js';
import { defineNotice, FALLBACK, NOTICE_TAG } from './notice.js';
import { unavailableText } from './unavailable.js';

/** @typedef {import('../turnback-widget.js').Verdict} Verdict */
/** @typedef {import('../turnback-widget.js').ListInfo} ListInfo */
/** @typedef {import('../turnback-widget.js').RefreshOutcome} RefreshOutcome */
/** @typedef {import('../pkg/turnback.js').TurnbackEngine} TurnbackEngine */
/** @typedef {import('./attach.js').TextField} TextField */

/**
 * A search's fate: let through, or blocked with the verdict that matched
 * (null: no list loaded, fail-closed) and the index of the text it matched (-1: none).
 * @typedef {{ allow: true } | { allow: false, verdict: Verdict | null, index: number }} Decision
 */

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days).
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The engine's verdict as a plain object of the widget's own fields.
 * @param {import('../pkg/turnback.js').Verdict} v
 * @returns {Verdict}
 */
function plainVerdict(v) {
  /** @type {Verdict} */
  const out = { matched: !!(v && v.matched) };
  if (out.matched) {
    if (v.kind != null) out.kind = /** @type {Verdict['kind']} */ (String(v.kind));
    if (v.category != null) out.category = String(v.category);
    if (v.entry != null) out.entry = String(v.entry);
  }
  return out;
}

/** @param {string} text */
function looksLikeUrl(text) {
  return /^[^\s]+\.[^\s]+$/.test(text) || /^https?:\/\//i.test(text);
}

/**
 * An error's message, short enough for one console line.
 * @param {unknown} err
 */
function reason(err) {
  const message = typeof err === 'object' && err !== null && 'message' in err ? err.message : undefined;
  const msg = message ? String(message) : String(err);
  return msg.slice(0, 200);
}

function pageHidden() {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/**
 * A loaded widget. It is an `EventTarget`: after each list swap it fires
 * `turnback:listupdate` with the new list's info as `detail`.
 */
export class TurnbackInstance extends EventTarget {
  /** @type {TurnbackEngine | null} */
  #engine = null;
  /** @type {Readonly<ListInfo> | null} */
  #info = null;
  /** @type {string | null} */
  #digest = null;
  /** @type {import('./options.js').ResolvedOptions} */
  #opts;
  /** @type {import('./notice.js').TurnbackNotice | null} */
  #notice = null;
  #warned = false;
  #fetched = false;
  /** @type {ReturnType<typeof setTimeout> | null} */
  #timer = null;
  #dueAt = 0;
  /** @type {number} */
  #delay;
  /** @type {Promise<RefreshOutcome> | null} */
  #inflight = null;
  /** @type {(() => void) | null} */
  #onVisibility = null;
  /** @type {Set<() => void>} */
  #detachers = new Set();
  #destroyed = false;

  /**
   * @internal Use `Turnback.load()`.
   * @param {import('./options.js').ResolvedOptions} opts
   */
  constructor(opts) {
    super();
    this.#opts = opts;
    this.#delay = opts.retry.initialDelay;
    if (typeof document !== 'undefined') {
      // Timers stall while a device sleeps and are throttled in background
      // tabs: coming back into view catches up on a refresh that fell due.
      this.#onVisibility = () => {
        if (!pageHidden()) this.#whenDue();
      };
      document.addEventListener('visibilitychange', this.#onVisibility);
    }
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

  /** The list in use: id, sequence, dates and sizes; null while none is loaded. */
  get info() {
    return this.#info;
  }

  /**
   * `turnback:listupdate`: a verified list was swapped in; `detail` is its info.
   * @overload
   * @param {'turnback:listupdate'} type
   * @param {(event: CustomEvent<ListInfo>) => void} listener
   * @param {boolean | AddEventListenerOptions} [options]
   * @returns {void}
   */
  /**
   * @overload
   * @param {string} type
   * @param {EventListenerOrEventListenerObject | null} listener
   * @param {boolean | AddEventListenerOptions} [options]
   * @returns {void}
   */
  /**
   * EventTarget's own method: declared here only so that the typed overload
   * above is part of the class (turnback-widget.d.ts declares it).
   * @param {string} type
   * @param {EventListenerOrEventListenerObject | ((event: CustomEvent<ListInfo>) => void) | null} listener
   * @param {boolean | AddEventListenerOptions} [options]
   */
  addEventListener(type, listener, options) {
    super.addEventListener(type, /** @type {EventListenerOrEventListenerObject | null} */ (listener), options);
  }

  /**
   * Fetches the list now (revalidating any cached copy) and swaps it in if it
   * verifies and is not older than the list in use. Resolves with "updated",
   * "unchanged" (the same bytes as the list in use) or "failed" (the list in
   * use, if any, stays; warned on the console once per run of failures).
   * Never rejects. Concurrent calls share one attempt; the next periodic
   * refresh is counted from its end.
   * @returns {Promise<RefreshOutcome>}
   */
  refresh() {
    if (this.#destroyed) return Promise.resolve('failed');
    if (!this.#inflight) {
      this.#inflight = this.#attempt().finally(() => {
        this.#inflight = null;
      });
    }
    return this.#inflight;
  }

  /** @returns {Promise<RefreshOutcome>} */
  async #attempt() {
    this.#clearTimer();
    // The first load may be answered by a fresh cached copy, as the page's
    // other resources are. Every later fetch (a refresh, or a retry after a
    // failure) revalidates: a cached copy within its max-age would otherwise
    // hide a newer list, or repeat a damaged one, until it went stale.
    const cache = this.#fetched ? 'no-cache' : 'default';
    this.#fetched = true;
    const held = this.#info;
    try {
      await initEngine(this.#opts.wasm);
      const bytes = await fetchList(this.#opts.list, cache);
      const digest = await listDigest(bytes);
      if (this.#destroyed) return 'failed';
      /** @type {RefreshOutcome} */
      let outcome = 'unchanged';
      // The same bytes verified before: skip the work (and a second copy in
      // Wasm memory), unless the list has expired since, so that is reported.
      if (!(held && digest && digest === this.#digest && held.expires * 1000 > Date.now())) {
        const engine = verifyList(bytes, this.#opts.publicKey, held ? held.sequence : undefined);
        let info;
        try {
          info = Object.freeze({ ...engine.info() });
        } catch (err) {
          engine.free?.();
          throw err;
        }
        // The swap is one synchronous step: checks are synchronous too, so
        // each runs wholly on the old list or wholly on the new one.
        const old = this.#engine;
        this.#engine = engine;
        this.#info = info;
        this.#digest = digest;
        old?.free?.();
        outcome = 'updated';
      }
      this.#warned = false;
      this.#delay = this.#opts.retry.initialDelay;
      this.#schedule(this.#opts.refreshMs);
      if (outcome === 'updated') {
        this.dispatchEvent(new CustomEvent('turnback:listupdate', { detail: this.#info }));
      }
      return outcome;
    } catch (err) {
      if (this.#destroyed) return 'failed';
      this.#warn(err, held);
      const delay = this.#delay;
      this.#delay = Math.min(delay * 2, this.#opts.retry.maxDelay);
      // Back off as for a first load, but with a good list in use never wait
      // longer than a normal refresh would.
      this.#schedule(held ? Math.min(delay, this.#opts.refreshMs) : delay);
      return 'failed';
    }
  }

  /**
   * @param {unknown} err
   * @param {Readonly<ListInfo> | null} held the list in use, if any
   */
  #warn(err, held) {
    if (this.#warned) return;
    this.#warned = true;
    if (held) {
      console.warn(
        `Turnback: a list update could not be loaded or verified (${reason(err)}). ` +
          `The current list (sequence ${held.sequence}) stays in use; retrying later.`,
      );
    } else {
      const policy = this.#opts.failMode === 'closed' ? 'blocked' : 'allowed';
      console.warn(
        `Turnback: the prevention list could not be loaded or verified (${reason(err)}). ` +
          `Searches are ${policy} until a retry succeeds.`,
      );
    }
  }

  /** @param {number} ms */
  #schedule(ms) {
    this.#dueAt = Date.now() + ms;
    this.#arm();
  }

  #arm() {
    this.#clearTimer();
    if (this.#destroyed || this.#dueAt === Infinity) return;
    const wait = Math.min(Math.max(0, this.#dueAt - Date.now()), MAX_TIMEOUT_MS);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#whenDue();
    }, wait);
  }

  #clearTimer() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Starts the due fetch, unless one runs, it is not due yet, or the page is hidden. */
  #whenDue() {
    if (this.#destroyed || this.#inflight) return;
    if (Date.now() < this.#dueAt) {
      if (this.#timer === null) this.#arm();
      return;
    }
    // A hidden page runs no searches: fetch when it is shown again (the
    // visibilitychange listener calls back here), not in the background.
    if (pageHidden()) return;
    this.refresh();
  }

  /**
   * Checks search text against the list. Returns `{ matched: false }` while no
   * list is loaded. Text without spaces that looks like an address is also
   * checked as a URL.
   * @param {string} text
   * @returns {Verdict}
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
   * @param {string} query
   * @param {import('../turnback-widget.js').GuardOptions} [options]
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
   * @param {HTMLFormElement | TextField} target
   * @param {import('../turnback-widget.js').AttachOptions} [options]
   */
  attach(target, options = {}) {
    const input = options.input || (target && target.tagName !== 'FORM' ? /** @type {TextField} */ (target) : null);
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

  /** Detaches every form, closes the panel, stops retrying and refreshing, and frees the engine. */
  destroy() {
    this.#destroyed = true;
    for (const d of [...this.#detachers]) d();
    this.#clearTimer();
    if (this.#onVisibility) document.removeEventListener('visibilitychange', this.#onVisibility);
    if (this.#notice) {
      this.#notice.close();
      this.#notice.remove();
    }
    this.#engine?.free?.();
    this.#engine = null;
    this.#info = null;
  }

  /**
   * @param {string[]} texts
   * @returns {Decision}
   */
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

  /**
   * Shows the panel for a blocked search and, on a match, fires `turnback:match`.
   * @param {Decision & { allow: false }} decision
   * @param {import('../turnback-widget.js').GuardOptions} [options]
   */
  #present(decision, { target = null, returnFocus = null } = {}) {
    const notice = this.#noticeElement();
    // Whatever element had the focus: the notice calls its focus() only if it has one.
    const back = returnFocus || /** @type {HTMLElement | null} */ (document.activeElement);
    if (!decision.verdict) {
      const unavailable = this.#opts.unavailableText || unavailableText(this.#opts.lang);
      notice.show({ unavailable }, { returnFocus: back });
      return;
    }
    /** @type {import('../pkg/turnback.js').Prevention | null} */
    let prevention = null;
    try {
      prevention = this.#engine?.prevention(this.#opts.lang, this.#opts.country) ?? null;
    } catch {
      // No usable message in the list: the widget's own text below.
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

  /** @returns {import('./notice.js').TurnbackNotice} */
  #noticeElement() {
    if (!this.#notice) {
      defineNotice();
      // The element defineNotice() registered: this module's class, or the
      // same class from another copy of the widget defined first.
      this.#notice = /** @type {import('./notice.js').TurnbackNotice} */ (document.createElement(NOTICE_TAG));
    }
    return this.#notice;
  }
}
