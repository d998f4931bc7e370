// One subscribed list of a widget: its URL and pinned keys, the verified
// engine in use (or none yet), and its own loading policy — first load,
// retries with backoff, periodic refresh. Feeds never share state, so one
// list failing never holds up another.

import { fetchList, initEngine, listDigest, verifyList } from './engine.js';

/** @typedef {import('../turnback-widget.js').ListInfo} ListInfo */
/** @typedef {import('../turnback-widget.js').RefreshOutcome} RefreshOutcome */
/** @typedef {import('../pkg/turnback.js').TurnbackEngine} TurnbackEngine */

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days).
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * An error's message, short enough for one console line.
 * @param {unknown} err
 */
function reason(err) {
  const message = typeof err === 'object' && err !== null && 'message' in err ? err.message : undefined;
  const msg = message ? String(message) : String(err);
  return msg.slice(0, 200);
}

/** True while the page is in a background tab (or minimized). */
export function pageHidden() {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/**
 * What a feed needs of the widget's options.
 * @typedef {object} FeedOptions
 * @property {import('./options.js').ResolvedList} source the list's URL and pinned keys
 * @property {string | URL | undefined} wasm
 * @property {'open' | 'closed'} failMode
 * @property {{ initialDelay: number, maxDelay: number }} retry
 * @property {number} refreshMs
 * @property {(info: Readonly<ListInfo>) => void} onUpdate after each swap
 * @property {string} label which list a console warning is about ('' when it is the only one)
 */

/** One list of a widget, refreshed on its own schedule. */
export class ListFeed {
  /** @type {TurnbackEngine | null} */
  #engine = null;
  /** @type {Readonly<ListInfo> | null} */
  #info = null;
  /** @type {string | null} */
  #digest = null;
  /** @type {FeedOptions} */
  #opts;
  #warned = false;
  #fetched = false;
  /** @type {ReturnType<typeof setTimeout> | null} */
  #timer = null;
  #dueAt = 0;
  /** @type {number} */
  #delay;
  /** @type {Promise<RefreshOutcome> | null} */
  #inflight = null;
  #destroyed = false;

  /** @param {FeedOptions} opts */
  constructor(opts) {
    this.#opts = opts;
    this.#delay = opts.retry.initialDelay;
  }

  /** The verified engine in use, or null while none is loaded. */
  get engine() {
    return this.#engine;
  }

  /** The facts of the list in use, or null while none is loaded. */
  get info() {
    return this.#info;
  }

  /** The configured URL, as given. */
  get url() {
    return String(this.#opts.source.list);
  }

  /**
   * Fetches the list now and swaps in a verified one that is not older than
   * the list in use; see TurnbackInstance.refresh. Concurrent calls share one
   * attempt.
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
      const bytes = await fetchList(this.#opts.source.list, cache);
      const digest = await listDigest(bytes);
      if (this.#destroyed) return 'failed';
      /** @type {RefreshOutcome} */
      let outcome = 'unchanged';
      // The same bytes verified before: skip the work (and a second copy in
      // Wasm memory), unless the list has expired since, so that is reported.
      if (!(held && digest && digest === this.#digest && held.expires * 1000 > Date.now())) {
        const engine = verifyList(bytes, this.#opts.source.publicKeys, held ? held.sequence : undefined);
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
      if (outcome === 'updated' && this.#info) this.#opts.onUpdate(this.#info);
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
    const which = this.#opts.label ? ` (${this.#opts.label})` : '';
    if (held) {
      console.warn(
        `Turnback: a list update could not be loaded or verified (${reason(err)}). ` +
          `The current list (sequence ${held.sequence}) stays in use; retrying later.${which}`,
      );
    } else {
      const open = this.#opts.label ? 'not checked against it' : 'allowed';
      const what = this.#opts.failMode === 'closed' ? 'blocked' : open;
      console.warn(
        `Turnback: the prevention list could not be loaded or verified (${reason(err)}). ` +
          `Searches are ${what} until a retry succeeds.${which}`,
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
      this.whenDue();
    }, wait);
  }

  #clearTimer() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Starts the due fetch, unless one runs, it is not due yet, or the page is hidden. */
  whenDue() {
    if (this.#destroyed || this.#inflight) return;
    if (Date.now() < this.#dueAt) {
      if (this.#timer === null) this.#arm();
      return;
    }
    // A hidden page runs no searches: fetch when it is shown again (the
    // instance's visibilitychange listener calls back here), not in the background.
    if (pageHidden()) return;
    this.refresh();
  }

  /** Stops retrying and refreshing and frees the engine. */
  destroy() {
    this.#destroyed = true;
    this.#clearTimer();
    this.#engine?.free?.();
    this.#engine = null;
    this.#info = null;
  }
}
