// Retry schedule after failed updates: 1 minute, then doubling, never longer
// than the regular update period (so a retry is never later than the next
// scheduled check anyway).

/** First retry delay after a failure, in minutes. */
export const FIRST_RETRY_MINUTES = 1;

/**
 * Minutes to wait before retrying after `failures` consecutive failures (≥ 1).
 * @param {number} failures
 * @param {number} periodMinutes the regular update period
 */
export function retryDelayMinutes(failures, periodMinutes) {
  const n = Math.max(1, Math.floor(failures));
  // 2 ** 30 minutes is far beyond any period: stop doubling there.
  const delay = FIRST_RETRY_MINUTES * 2 ** Math.min(n - 1, 30);
  return Math.min(delay, periodMinutes);
}
