// One loaded widget: its lists (each a ListFeed with its own engine and
// loading policy), the checks across them in the configured order, the
// attached forms and the notice element.

import { TurnbackLists } from '../pkg/turnback.js';
import { ListFeed, pageHidden } from './feed.js';
import { interceptSubmit } from './attach.js';
import { defineNotice, FALLBACK, NOTICE_TAG } from './notice.js';
import { unavailableText } from './unavailable.js';

/** @typedef {import('../turnback-widget.js').Verdict} Verdict */
/** @typedef {import('../turnback-widget.js').ListInfo} ListInfo */
/** @typedef {import('../turnback-widget.js').RefreshOutcome} RefreshOutcome */
/** @typedef {import('../pkg/turnback.js').TurnbackEngine} TurnbackEngine */
/** @typedef {import('./attach.js').TextField} TextField */

/**
 * A search's fate: let through, or blocked with the verdict that matched and
 * the list it came from (null: a list not loaded yet, fail-closed) and the
 * index of the text it matched (-1: none).
 * @typedef {{ allow: true } | { allow: false, verdict: Verdict | null, feed: ListFeed | null, index: number }} Decision
 */

/**
 * The engine's verdict as a plain object of the widget's own fields.
 * @param {import('../pkg/turnback.js').Verdict} v
 * @param {Readonly<ListInfo> | null} info the list that gave it
 * @returns {Verdict}
 */
function plainVerdict(v, info) {
  /** @type {Verdict} */
  const out = { matched: !!(v && v.matched) };
  if (out.matched) {
    if (v.kind != null) out.kind = /** @type {Verdict['kind']} */ (String(v.kind));
    if (v.category != null) out.category = String(v.category);
    if (v.entry != null) out.entry = String(v.entry);
    if (info) out.list = String(info.id);
  }
  return out;
}

/**
 * The lists' verdict on search text: as a query and, for text without spaces
 * that looks like an address, also as a URL; the list first in order that
 * matches either way decides.
 * @param {TurnbackLists} set
 * @param {string} s
 */
function checkText(set, s) {
  const q = set.checkQuery(s);
  const t = s.trim();
  if (!looksLikeUrl(t)) return q;
  const u = set.checkUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `http://${t}`);
  if (!u.matched) return q;
  if (!q.matched) return u;
  // Set ids are the lists' positions in the configured order.
  return Number(u.list) < Number(q.list) ? u : q;
}

/** The outcome of refreshing several lists: failed if any failed, else updated if any was. */
const OUTCOME_RANK = { unchanged: 0, updated: 1, failed: 2 };

/** @param {string} text */
function looksLikeUrl(text) {
  return /^[^\s]+\.[^\s]+$/.test(text) || /^https?:\/\//i.test(text);
}

/**
 * A loaded widget. It is an `EventTarget`: after each list swap it fires
 * `turnback:listupdate` with the new list's info as `detail`.
 */
export class TurnbackInstance extends EventTarget {
  /** @type {import('./options.js').ResolvedOptions} */
  #opts;
  /** @type {ListFeed[]} in the configured order */
  #feeds;
  /**
   * The engines in force, one per loaded list under its position as id,
   * kept in the configured order: made at the first swap (the Wasm module
   * is ready by then).
   * @type {TurnbackLists | null}
   */
  #set = null;
  /** @type {import('./notice.js').TurnbackNotice | null} */
  #notice = null;
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
    const count = opts.lists.length;
    this.#feeds = opts.lists.map(
      (source, i) =>
        new ListFeed({
          source,
          wasm: opts.wasm,
          failMode: opts.failMode,
          retry: opts.retry,
          refreshMs: opts.refreshMs,
          label: opts.several ? `list ${i + 1} of ${count}: ${String(source.list)}` : '',
          swap: (engine) => this.#swap(i, engine),
          onUpdate: (info) => this.dispatchEvent(new CustomEvent('turnback:listupdate', { detail: info })),
        }),
    );
    if (typeof document !== 'undefined') {
      // Timers stall while a device sleeps and are throttled in background
      // tabs: coming back into view catches up on a refresh that fell due.
      this.#onVisibility = () => {
        if (!pageHidden()) for (const f of this.#feeds) f.whenDue();
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

  /** True once every list has a verified copy in use. */
  get ready() {
    return this.#feeds.every((f) => f.loaded);
  }

  /**
   * Puts list `i`'s new engine in force: in its place among the lists
   * already loaded, or over its previous copy (which is freed).
   * @param {number} i
   * @param {TurnbackEngine} engine
   */
  #swap(i, engine) {
    this.#set ??= new TurnbackLists();
    const before = this.#feeds.slice(0, i).filter((f) => f.loaded).length;
    this.#set.put(String(i), engine, this.#feeds[i].loaded ? undefined : before);
  }

  /** The (first) list in use: id, sequence, dates and sizes; null while none is loaded. */
  get info() {
    return this.#feeds[0].info;
  }

  /** Each list in the configured order: its URL and the facts of its copy in use (null: none yet). */
  get lists() {
    return Object.freeze(this.#feeds.map((f) => Object.freeze({ list: f.url, info: f.info })));
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
   * Fetches every list now (revalidating any cached copy) and swaps in each
   * one that verifies and is not older than its copy in use. Resolves with
   * "updated" (some list changed, none failed), "unchanged" (the same bytes
   * as in use) or "failed" (some list could not be loaded: its copy in use,
   * if any, stays, and it is retried on its own; warned on the console once
   * per run of failures). Never rejects. Concurrent calls share one attempt
   * per list; each list's next periodic refresh is counted from its end.
   * @returns {Promise<RefreshOutcome>}
   */
  async refresh() {
    if (this.#destroyed) return 'failed';
    const outcomes = await Promise.all(this.#feeds.map((f) => f.refresh()));
    return outcomes.reduce((a, b) => (OUTCOME_RANK[b] > OUTCOME_RANK[a] ? b : a), /** @type {RefreshOutcome} */ ('unchanged'));
  }

  /**
   * Checks search text against the lists in use, in the configured order:
   * the first that matches gives the verdict (its `list` names it). Returns
   * `{ matched: false }` while no list is loaded. Text without spaces that
   * looks like an address is also checked as a URL.
   * @param {string} text
   * @returns {Verdict}
   */
  check(text) {
    return this.#match(text).verdict;
  }

  /**
   * @param {string} text
   * @returns {{ verdict: Verdict, feed: ListFeed | null }}
   */
  #match(text) {
    const miss = { verdict: { matched: false }, feed: null };
    if (!this.#set) return miss;
    try {
      const v = checkText(this.#set, String(text ?? ''));
      const feed = v.matched ? this.#feeds[Number(v.list)] : undefined;
      return feed ? { verdict: plainVerdict(v, feed.info), feed } : miss;
    } catch {
      return miss;
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
    for (const f of this.#feeds) f.destroy();
    this.#set?.free();
    this.#set = null;
    if (this.#onVisibility) document.removeEventListener('visibilitychange', this.#onVisibility);
    if (this.#notice) {
      this.#notice.close();
      this.#notice.remove();
    }
  }

  /**
   * @param {string[]} texts
   * @returns {Decision}
   */
  #decide(texts) {
    // Fail-closed holds while any list is missing, not only all of them: a
    // search its entries would stop must not pass meanwhile.
    if (this.#opts.failMode === 'closed' && !this.ready) return { allow: false, verdict: null, feed: null, index: -1 };
    for (let i = 0; i < texts.length; i++) {
      const { verdict, feed } = this.#match(texts[i]);
      if (verdict.matched) return { allow: false, verdict, feed, index: i };
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
      const at = decision.feed ? this.#feeds.indexOf(decision.feed) : -1;
      prevention = at >= 0 && this.#set ? this.#set.prevention(String(at), this.#opts.lang, this.#opts.country) : null;
    } catch {
      // No usable message in the list: the widget's own text below.
    }
    notice.show(prevention ? { prevention } : { unavailable: FALLBACK.stopped }, { returnFocus: back });
    const { kind, category, entry, list } = decision.verdict;
    (target || notice).dispatchEvent(
      new CustomEvent('turnback:match', {
        bubbles: true,
        composed: true,
        detail: Object.freeze({ kind, category, entry, list }),
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
