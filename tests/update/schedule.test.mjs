// When a scheduled index fetch is due, and the jitter of scheduled fetches
// (www/src/update/schedule.js).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JITTER_SHARE, MAX_MIN_INTERVAL_SECONDS, indexDueAt, minIntervalMs, withJitter } from '../../www/src/update/schedule.js';

const H = 3_600_000;

test('the min-interval as honoured, capped at a day', () => {
  const cases = [
    [3600, H],
    [0, 0],
    [undefined, 0],
    [-5, 0],
    [Number.NaN, 0],
    [MAX_MIN_INTERVAL_SECONDS, 24 * H],
    [10 * 365 * 86_400, 24 * H],
  ];
  for (const [seconds, want] of cases) assert.equal(minIntervalMs(seconds), want, `minIntervalMs(${seconds})`);
});

test('when the next scheduled index fetch is due', () => {
  const now = 1_000 * H;
  const cases = [
    ['never fetched', null, 0],
    ['no time', {}, 0],
    ['an hour ago, 1 h', { at: now - H, minInterval: 3600 }, now],
    ['just now, 1 h', { at: now, minInterval: 3600 }, now + H],
    ['ten minutes ago, 1 h', { at: now - H / 6, minInterval: 3600 }, now + (5 * H) / 6],
    ['just now, a year: capped', { at: now, minInterval: 365 * 86_400 }, now + 24 * H],
    ['clock set back: counts from now', { at: now + 5 * H, minInterval: 3600 }, now + H],
  ];
  for (const [name, last, want] of cases) assert.equal(indexDueAt(/** @type {any} */ (last), now), want, String(name));
});

test('jitter: up to a tenth longer, never shorter', () => {
  assert.equal(JITTER_SHARE, 0.1);
  const cases = [
    [() => 0, 360, 360],
    [() => 0.5, 360, 378],
    [() => 0.999, 100, 109.99],
    [() => 1, 100, 100], // out of range: no jitter rather than more
    [() => Number.NaN, 100, 100],
  ];
  for (const [random, delay, want] of cases) {
    assert.ok(Math.abs(withJitter(/** @type {number} */ (delay), /** @type {() => number} */ (random)) - /** @type {number} */ (want)) < 1e-9,
      `withJitter(${delay}, ${random})`);
  }
  // With the real random source: spread out, within bounds.
  const seen = new Set();
  for (let i = 0; i < 200; i += 1) {
    const d = withJitter(1000);
    assert.ok(d >= 1000 && d < 1100, String(d));
    seen.add(Math.floor(d / 10));
  }
  assert.ok(seen.size > 3, 'jitter varies');
});
