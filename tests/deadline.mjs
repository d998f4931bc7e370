// Every deadline of the test suites goes through scaled(): the time after
// which a test gives up waiting for something that should happen (a page,
// a worker, a download). On a busy machine those take longer than on an
// idle one; TURNBACK_TEST_TIMEOUT_SCALE=3 gives every deadline three times
// as long, with no test changed. Durations that are the behaviour under test
// (an alarm period, a list's expiry) are not deadlines and are not scaled.
// The Makefile scales node --test's --test-timeout and the Wasm test runner's
// limits with the same variable through this file's command line:
//   node tests/deadline.mjs 600000   prints 600000 times the scale.

import { fileURLToPath } from 'node:url';

/** The environment variable that scales every deadline (default 1). */
export const SCALE_VARIABLE = 'TURNBACK_TEST_TIMEOUT_SCALE';

/**
 * The scale in `value`: a positive number, 1 when unset or empty. Anything
 * else throws, so a mistyped scale fails the run instead of being ignored.
 * @param {string | undefined} value
 * @returns {number}
 */
export function parseScale(value) {
  if (value === undefined || value.trim() === '') return 1;
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`${SCALE_VARIABLE} must be a positive number, not "${value}"`);
  }
  return scale;
}

/** This run's scale, read once. */
export const SCALE = parseScale(process.env[SCALE_VARIABLE]);

/**
 * A deadline of `ms` milliseconds on an idle machine, scaled for this run.
 * @param {number} ms
 * @returns {number} whole milliseconds
 */
export function scaled(ms) {
  return Math.ceil(ms * SCALE);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ms = Number(process.argv[2]);
  if (!Number.isFinite(ms) || ms < 0 || process.argv.length !== 3) {
    console.error('usage: node tests/deadline.mjs MILLISECONDS');
    process.exit(2);
  }
  console.log(scaled(ms));
}
