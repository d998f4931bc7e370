// Type declarations for @turnback/widget: hand-written, except the engine's
// types (Verdict, ListInfo, Prevention), which come from the generated
// pkg/turnback.d.ts. tsc (`make lint`) checks turnback-widget.js against this file.

import type { ListInfo, Prevention, Verdict as EngineVerdict } from './pkg/turnback.js';

/**
 * The engine's types: `ListInfo`, the facts about the verified list in use
 * (after a refresh: the newer list), and `Prevention`, a match's message
 * and help services.
 */
export type { ListInfo, Prevention };

/**
 * What the lists say about one piece of text: the engine's verdict without
 * `via` (only the engine's checkNavigation sets it) and, on a match, `list`:
 * the id (`ListInfo.id`) of the first list in the configured order that
 * matched. Never contains the text itself.
 */
export type Verdict = Omit<EngineVerdict, 'via'> & { list?: string };

/** Text of the neutral notice shown by `failMode: "closed"` while no list is loaded. */
export interface UnavailableText {
  /** Language tag of the text, e.g. "en". */
  lang: string;
  /** Writing direction. */
  dir: 'ltr' | 'rtl';
  /** The notice's heading. */
  title: string;
  /** One or two sentences under the heading. */
  body: string;
  /** Label of the single button, which closes the notice. */
  primary: string;
}

/** One list: where it is fetched and the keys it must be signed with. */
export interface ListSource {
  /** URL of the signed list file, or of a publish index (`index.txt`, written by `turnback publish`): then a refresh fetches only the small delta from the list in use when the publisher offers one, else the full list, each checked against the signed index (needs Web Crypto: https or localhost). The first fetch uses the browser's normal HTTP caching; refreshes and retries revalidate (`cache: "no-cache"`: a conditional request, 304 when unchanged). */
  list: string | URL;
  /** The publisher's public key: `turnback-public-key-v1 <64 hex digits>` or the bare hex. Several keys (an array, or one text with a key a line) form a key set: the list must be signed by one of them, so a publisher can rotate keys (docs/publishing.md). */
  publicKey: string | string[];
}

/** Several lists for {@link load}. */
export interface ListSources {
  /**
   * Several lists, e.g. a hotline's URL list and a charity's keyword list (1 to 8, each URL once). Each is fetched,
   * verified, retried and refreshed on its own; one failing never holds up another. A search is checked against every
   * list in use and the first in this order that matches decides: its message is shown and `Verdict.list` names it.
   */
  lists: ListSource[];
  list?: never;
  publicKey?: never;
}

/** Options of {@link load}: one list (`list` and `publicKey`) or several (`lists`), and the options below. */
export type LoadOptions = CommonLoadOptions & ((ListSource & { lists?: never }) | ListSources);

/** The options of {@link load} besides the lists. */
export interface CommonLoadOptions {
  /** Language of the panel (BCP 47). Default: `navigator.language`; falls back to English. */
  lang?: string;
  /** ISO 3166-1 country code whose help services come first. Default: the country of `lang` or of `navigator.language` ("de-AT" → "AT"; a region that is not a country, "es-419", counts as none), else "". */
  country?: string;
  /** While a list has no verified copy loaded: "open" (default) lets searches through (checked against the lists that are loaded); "closed" blocks every search with a neutral notice until every list is loaded. */
  failMode?: 'open' | 'closed';
  /** URL of `turnback_bg.wasm`. Default: next to `pkg/turnback.js`. */
  wasm?: string | URL;
  /** Retry timing after a failed fetch or verification, in milliseconds. Default: 30 s doubling up to 1 h (and, while a list is in use, never longer than `refreshMinutes`). */
  retry?: { initialDelay?: number; maxDelay?: number };
  /** Minutes between refreshes of a list that loaded: the list is fetched again and a newer one (verified, not older than the one in use) is swapped in. Each wait is up to 10 % longer at random, so that many pages do not ask at the same moment, and never shorter than a publish index's `min-interval` (honoured up to 24 hours). At least 1; `Infinity` turns periodic refresh off. A hidden page waits until it is shown again. Default: 360 (6 hours). */
  refreshMinutes?: number;
  /** Text of the fail-closed notice. Default: the widget's own text in `lang` (15 languages, English fallback). */
  unavailableText?: UnavailableText;
}

/** Options of {@link TurnbackInstance.attach}. */
export interface AttachOptions {
  /** The search field of a form. Default: every search/text field and textarea of the form. */
  input?: HTMLInputElement | HTMLTextAreaElement;
  /** Clear the field when a search is blocked (default true), so the query is not left on screen. */
  clearInput?: boolean;
}

/** Options of {@link TurnbackInstance.guard}. */
export interface GuardOptions {
  /** Element that gets the focus back when the panel closes. Default: the element focused before. */
  returnFocus?: HTMLElement | null;
  /** Element that receives the `turnback:match` event. Default: the `<turnback-notice>` element. */
  target?: EventTarget | null;
}

/** Detail of the `turnback:match` event: which entry matched, never the query. */
export interface MatchDetail {
  /** Which kind of entry matched. */
  kind: 'url' | 'keyword' | 'combination';
  /** The list category of the entry. */
  category: string;
  /** The opaque entry id. */
  entry: string;
  /** The id of the list that matched (`ListInfo.id`). */
  list?: string;
}

/** Outcome of {@link TurnbackInstance.refresh}: a newer (or first) list swapped in, the same bytes as the list in use, or refused / unreachable (the list in use stays). */
export type RefreshOutcome = 'updated' | 'unchanged' | 'failed';

/** A loaded widget, returned by {@link load}. It fires `turnback:listupdate` (detail: the new {@link ListInfo}) each time a verified list is swapped in. */
export declare class TurnbackInstance extends EventTarget {
  private constructor();
  /** The language asked for (the panel falls back to English when the list lacks it). */
  readonly lang: string;
  /** The country whose help services come first ("" for none). */
  readonly country: string;
  /** What happens while no verified list is loaded. */
  readonly failMode: 'open' | 'closed';
  /** True once every list has a verified copy in use (after its first load or a successful retry). */
  readonly ready: boolean;
  /** The facts of the (first) list in use (its `sequence` grows with each accepted refresh), or null while none is loaded. */
  readonly info: ListInfo | null;
  /** Every list in the configured order: its URL as given and the facts of its copy in use (null while none is loaded). */
  readonly lists: ReadonlyArray<{ readonly list: string; readonly info: ListInfo | null }>;
  /** Fetches every list now (revalidating the cached copies) and swaps in each one that verifies and whose sequence is not lower than its copy in use; otherwise keeps that copy and warns on the console once per run of failures. Resolves "failed" if any list failed, else "updated" if any changed. Checks running meanwhile use the lists in use. Concurrent calls share one attempt. Never rejects. */
  refresh(): Promise<RefreshOutcome>;
  /** `turnback:listupdate`: a verified list was swapped in; `detail` is its {@link ListInfo} (no user data). */
  addEventListener(type: 'turnback:listupdate', listener: (event: CustomEvent<ListInfo>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  /** Checks text against the lists without showing anything; the first list in order that matches decides. `{ matched: false }` while no list is loaded. Text without spaces that looks like an address is also checked as a URL. */
  check(text: string): Verdict;
  /** True: the search may proceed. False: it is blocked and the panel (or, fail-closed, the neutral notice) is shown. */
  guard(query: string, options?: GuardOptions): boolean;
  /** Guards a search form or a lone input: Enter, the submit button and `requestSubmit()` are checked before the page's own handlers; an allowed search is left untouched. `form.submit()` bypasses all events and cannot be guarded. Returns a function that detaches it. */
  attach(target: HTMLFormElement | HTMLInputElement | HTMLTextAreaElement, options?: AttachOptions): () => void;
  /** Detaches every form, closes the panel, stops retrying and refreshing, and frees the engines. */
  destroy(): void;
}

/** Fetches and verifies the signed list and resolves with a widget. Resolves even when the list cannot be loaded (the widget then follows `failMode`, warns once on the console and retries); rejects only on invalid options. A loaded list is refreshed every `refreshMinutes`. */
export declare function load(options: LoadOptions): Promise<TurnbackInstance>;

/** The widget's entry point: `await Turnback.load({ list, publicKey })`. */
export declare const Turnback: { readonly load: typeof load };
export default Turnback;

/** The country of a BCP 47 language tag, upper-case ISO 3166-1 alpha-2 ("de-AT" → "AT", "zh-Hant-TW" → "TW"), or "" when it names none: no region, or a region that is not a country ("es-419": 419 is Latin America, and help services are listed by country). */
export declare function countryFromLocale(tag: string): string;

/** Content for {@link TurnbackNotice.show}: a match's prevention message, or the fail-closed notice. */
export type NoticeContent = { prevention: Prevention } | { unavailable: UnavailableText };

/** The `<turnback-notice>` element: the panel, in an open shadow root. The widget creates and opens it; it never receives the query. */
export declare class TurnbackNotice extends HTMLElement {
  /** True while the panel is shown. */
  readonly open: boolean;
  /** Shows the panel as a modal alert dialog and moves focus into it. */
  show(content: NoticeContent, options?: { returnFocus?: HTMLElement | null; onClose?: (() => void) | null }): void;
  /** Closes the panel (the "Back" action) and returns focus. */
  close(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'turnback-notice': TurnbackNotice;
  }
  interface HTMLElementEventMap {
    'turnback:match': CustomEvent<MatchDetail>;
  }
}
