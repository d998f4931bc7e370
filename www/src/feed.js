// One subscribed list of a widget: its URL and pinned keys, what is known
// of its copy in use (the engine itself lives in the widget's list set),
// and its own loading policy — first load, updates by delta where the URL
// is a publish index, retries with backoff, periodic refresh with jitter,
// never sooner than the index's min-interval. Feeds never share state, so
// one list failing never holds up another.

import { applyDelta, verifyIndexSignature } from '../pkg/turnback.js';
import { fetchList, initEngine, listDigest, verifyList } from './engine.js';
import { updateList } from './update/fetch-list.js';
import { indexDueAt, withJitter } from './update/schedule.js';

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
 * @property {(engine: TurnbackEngine, info: Readonly<ListInfo>) => void} swap puts a verified engine in force
 *   in one synchronous step (the engine is the callee's from then on)
 * @property {(info: Readonly<ListInfo>) => void} onUpdate after each swap
 * @property {string} label which list a console warning is about ('' when it is the only one)
 */

/** One list of a widget, refreshed on its own schedule. */
export class ListFeed {
  /** @type {Readonly<ListInfo> | null} */
  #info = null;
  /** @type {string | null} */
  #digest = null;
  /**
   * The bytes in force, kept only while the URL is a publish index: a
   * delta applies to them. A plain list URL never offers deltas.
   * @type {Uint8Array | null}
   */
  #heldBytes = null;
  /** @type {{ at: number, minInterval: number } | null} when the index was last read, and its min-interval */
  #lastIndex = null;
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

  /** True once a verified copy of the list is in force. */
  get loaded() {
    return this.#info !== null;
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
      const outcome = await this.#update(cache, held);
      if (this.#destroyed) return 'failed';
      this.#warned = false;
      this.#delay = this.#opts.retry.initialDelay;
      this.#schedule(withJitter(this.#opts.refreshMs));
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
   * One fetch of the configured URL and, for a publish index, the delta from
   * the list in force or the full list (www/src/update/fetch-list.js).
   * @param {RequestCache} cache for the configured URL
   * @param {Readonly<ListInfo> | null} held
   * @returns {Promise<RefreshOutcome>}
   */
  async #update(cache, held) {
    const keys = this.#opts.source.publicKeys;
    const url = new URL(String(this.#opts.source.list), globalThis.location?.href).href;
    /** @type {Uint8Array | null} a plain list URL's bytes when they are those in force */
    let sameBytes = null;
    const result = await updateList(
      { url, held: held && this.#heldBytes ? { bytes: this.#heldBytes, sequence: held.sequence } : null, heldSequence: held?.sequence, publicKeys: keys },
      {
        fetchFile: async (fileUrl, _validators, { maxBytes }) => {
          // The index (or plain list) revalidates as above; the files an
          // index names are immutable, so a cached copy is always right.
          const bytes = await fetchList(fileUrl, fileUrl === url ? cache : 'default');
          if (maxBytes !== undefined && bytes.length > maxBytes) throw new Error(`${bytes.length} bytes where the index names ${maxBytes}`);
          // The same bytes verified before are not verified again (nor held
          // twice in Wasm memory), unless the list has expired since, so
          // that is reported.
          if (fileUrl === url && held && this.#digest && held.expires * 1000 > Date.now() && (await listDigest(bytes)) === this.#digest) {
            sameBytes = bytes;
          }
          return { notModified: false, bytes };
        },
        load: (bytes, heldSequence) => (bytes === sameBytes ? null : verifyList(bytes, keys, heldSequence)),
        applyDelta,
        verifyIndexSignature,
        // Noted as soon as the index verifies: a failure after it (a full
        // list that does not download) still waits for its min-interval.
        onIndex: (index) => {
          this.#lastIndex = { at: Date.now(), minInterval: index.minInterval };
        },
      },
    );
    if (this.#destroyed) {
      if ('engine' in result) result.engine?.free?.();
      return 'failed';
    }
    if (result.kind === 'not-modified' || result.kind === 'unchanged') {
      // As when the same, expired bytes come again: say so.
      if (held && held.expires * 1000 <= Date.now()) {
        throw new Error(`list expired at ${new Date(held.expires * 1000).toISOString()} and the publisher offers no newer one`);
      }
      return 'unchanged';
    }
    if (result.engine === null) return 'unchanged';
    const digest = result.index ? result.index.full.sha256 : await listDigest(/** @type {Uint8Array<ArrayBuffer>} */ (result.bytes));
    let info;
    try {
      info = Object.freeze({ ...result.engine.info() });
    } catch (err) {
      result.engine.free?.();
      throw err;
    }
    // The swap is one synchronous step: checks are synchronous too, so each
    // runs wholly on the old list or wholly on the new one.
    this.#opts.swap(result.engine, info);
    this.#info = info;
    this.#digest = digest;
    this.#heldBytes = result.index ? result.bytes : null;
    return 'updated';
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
    // Never sooner than the publisher's min-interval after the index was read.
    this.#dueAt = Math.max(Date.now() + ms, indexDueAt(this.#lastIndex, Date.now()));
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

  /** Stops retrying and refreshing (the instance frees the engines). */
  destroy() {
    this.#destroyed = true;
    this.#clearTimer();
    this.#info = null;
    this.#heldBytes = null;
  }
}
