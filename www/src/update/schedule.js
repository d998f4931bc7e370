// When a client may fetch a publish index again, and the random jitter of
// scheduled fetches (docs/publishing.md, "Publishing with deltas"): a
// million devices must neither all ask at the same minute nor ask more
// often than the publisher's min-interval. Shared by the widget and the
// extension (copied to widget/update/ by the extension's build).

/**
 * The longest min-interval honoured, seconds (24 hours): an index that asks
 * for more (by mistake or by an attacker who got hold of the key) cannot
 * stop a device's updates for longer than a day.
 */
export const MAX_MIN_INTERVAL_SECONDS = 24 * 60 * 60;
/** Scheduled fetches wait up to this share of their delay longer, at random (10 %). */
export const JITTER_SHARE = 0.1;

/**
 * The index's min-interval as honoured: capped, in ms (0 for a bad value).
 * @param {number | undefined} seconds the index's `min-interval`
 */
export function minIntervalMs(seconds) {
  if (typeof seconds !== 'number' || !(seconds > 0)) return 0;
  return Math.min(seconds, MAX_MIN_INTERVAL_SECONDS) * 1000;
}

/**
 * The earliest time (ms since the epoch) a scheduled fetch of the index may
 * run, given when it was last fetched and its min-interval; 0 when never.
 * A last fetch in the future (a clock set back) counts as now.
 * @param {{ at?: number, minInterval?: number } | null | undefined} last when the index was last fetched
 *   (ms since the epoch) and the min-interval it named (seconds)
 * @param {number} now ms since the epoch
 */
export function indexDueAt(last, now) {
  if (!last || typeof last.at !== 'number' || !Number.isFinite(last.at)) return 0;
  return Math.min(last.at, now) + minIntervalMs(last.minInterval);
}

/**
 * A scheduled delay with its random jitter: `delay` plus up to JITTER_SHARE
 * of it.
 * @param {number} delay any unit
 * @param {() => number} [random] in [0, 1) (default Math.random)
 */
export function withJitter(delay, random = Math.random) {
  const r = random();
  return delay + delay * JITTER_SHARE * (r >= 0 && r < 1 ? r : 0);
}
