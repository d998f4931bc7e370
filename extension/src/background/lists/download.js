// One conditional GET of the configured list URL, bounded in size and time.
// Sends nothing but the request itself: no cookies, no referrer, and our own
// If-None-Match / If-Modified-Since (the HTTP cache is bypassed so that a
// 304 reaches us instead of being answered from the cache).

import { ListError } from './errors.js';
import { errorMessage } from '../../shared/errors.js';
import { httpAllowedHost } from './settings.js';

/** Largest list accepted (64 MiB); larger bodies are cut off and refused. */
export const MAX_LIST_BYTES = 64 * 1024 * 1024;
/** Longest a whole download (headers and body) may take: 5 minutes. */
export const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
/** Longest the server may stay silent (before the headers or between body chunks). */
export const STALL_TIMEOUT_MS = 20_000;

/**
 * Downloads the list, or learns it did not change.
 * @param {string} url the configured list URL
 * @param {{ etag?: string, lastModified?: string }} validators from the held list
 * @param {{ fetch: typeof fetch, timeoutMs?: number, stallMs?: number, maxBytes?: number }} deps
 * @returns {Promise<{ notModified: true } | { notModified: false, bytes: Uint8Array, etag?: string, lastModified?: string, url?: string }>}
 *   `url`: where the download ended, after redirects (an index's files are named relative to it)
 * @throws {ListError} codes: network, timeout, http, redirect, too-large, interrupted, truncated (a
 *   plain body shorter than its Content-Length; a compressed one is checked by its signature)
 */
export async function downloadList(url, validators, deps) {
  const timeoutMs = deps.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  const stallMs = deps.stallMs ?? STALL_TIMEOUT_MS;
  const maxBytes = deps.maxBytes ?? MAX_LIST_BYTES;
  const controller = new AbortController();
  /** @type {string | null} */
  let timedOut = null; // which limit fired
  const total = setTimeout(() => {
    timedOut = `the download took longer than ${seconds(timeoutMs)}`;
    controller.abort();
  }, timeoutMs);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let stall;
  // Restarted whenever bytes arrive: a body that trickles stops here, not never.
  const alive = () => {
    clearTimeout(stall);
    stall = setTimeout(() => {
      timedOut = `the list server sent nothing for ${seconds(stallMs)}`;
      controller.abort();
    }, stallMs);
  };
  alive();
  /** @type {Record<string, string>} */
  const headers = {};
  if (validators?.etag) headers['If-None-Match'] = validators.etag;
  if (validators?.lastModified) headers['If-Modified-Since'] = validators.lastModified;
  const timeout = () => new ListError('timeout', String(timedOut));
  try {
    let response;
    try {
      response = await deps.fetch(url, {
        method: 'GET',
        headers,
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        redirect: 'follow',
        signal: controller.signal,
      });
    } catch (err) {
      if (timedOut) throw timeout();
      throw new ListError('network', 'the list server could not be reached', { detail: String(errorMessage(err)) });
    }
    if (response.url && !finalUrlAllowed(response.url)) {
      cancel(response);
      throw new ListError('redirect', 'the list URL redirected to a plain-http address');
    }
    if (response.status === 304) {
      cancel(response);
      return { notModified: true };
    }
    if (response.status !== 200) {
      cancel(response);
      throw new ListError('http', `the list server answered HTTP ${response.status}`, { detail: String(response.status) });
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    // With Content-Encoding (gzip, br: what most CDNs serve) Content-Length
    // is the compressed size, not the length of the decoded body read below;
    // integrity is the signature's job, the length only catches a cut-off
    // plain body early. The limit applies to the decoded bytes either way.
    const encoded = !/^\s*(identity)?\s*$/i.test(response.headers.get('content-encoding') ?? '');
    if (!encoded && declared > maxBytes) {
      cancel(response);
      throw new ListError('too-large', `the list is larger than ${maxBytes} bytes`);
    }
    alive();
    const bytes = await readBody(response, maxBytes, () => timedOut, timeout, alive);
    if (!encoded && Number.isFinite(declared) && bytes.length !== declared) {
      throw new ListError('truncated', `the download ended after ${bytes.length} of ${declared} bytes`);
    }
    return {
      notModified: false,
      bytes,
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
      url: response.url || undefined,
    };
  } finally {
    clearTimeout(total);
    clearTimeout(stall);
  }
}

/** @param {number} ms */
function seconds(ms) {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/**
 * True when the URL the download ended at (after redirects) may serve the list.
 * @param {string} href
 */
function finalUrlAllowed(href) {
  try {
    const u = new URL(href);
    return u.protocol === 'https:' || (u.protocol === 'http:' && httpAllowedHost(u.hostname));
  } catch {
    return false;
  }
}

/**
 * Drops a body that will not be read.
 * @param {Response} response
 */
function cancel(response) {
  response.body?.cancel().catch(() => {});
}

/**
 * Reads the body chunk by chunk so an oversized list is stopped at the limit
 * rather than after it is all in memory.
 * @param {Response} response
 * @param {number} maxBytes
 * @param {() => string | null} isTimedOut which time limit fired, if one did
 * @param {() => ListError} timeout the error for it
 * @param {() => void} alive called on each chunk (restarts the stall timer)
 * @returns {Promise<Uint8Array>}
 */
async function readBody(response, maxBytes, isTimedOut, timeout, alive) {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch (err) {
      if (isTimedOut()) throw timeout();
      throw new ListError('interrupted', 'the download was interrupted', { detail: String(errorMessage(err)) });
    }
    if (step.done) break;
    alive();
    total += step.value.length;
    if (total > maxBytes) {
      reader.cancel().catch(() => {});
      throw new ListError('too-large', `the list is larger than ${maxBytes} bytes`);
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
