// The extension's updater on publish directories (turnback publish, served
// by the loopback list server): the index, deltas, the fallback to the full
// list, rollbacks, 304s, the index's min-interval and the jitter of
// scheduled fetches. The real Wasm engine; which files were fetched comes
// from the server's request log.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DEMO_KEY, NEW_PHRASE } from './fixtures.mjs';
import { startListServer } from './server.mjs';
import { fakeArea, makeLists } from './support.mjs';
import { PERIODIC_ALARM, RETRY_ALARM } from '../../../extension/src/background/lists/updater.js';
import { THIRD_PHRASE, makePublished } from '../../update/publish.mjs';

const MIN = 60_000;
let pub;
let server;
let next = 0;

before(async () => {
  pub = makePublished({ keep: 2, minInterval: '1h' });
  server = await startListServer();
});
after(async () => {
  await server?.close();
  pub?.cleanup();
});

/** @param {Uint8Array} b one bit flipped mid-file */
const flipped = (b) => Uint8Array.from(b, (x, i) => (i === Math.floor(b.length / 2) ? x ^ 1 : x));

/**
 * A client of its own directory on the server, with a movable clock.
 * @param {{ random?: () => number }} [opts]
 */
function client(opts = {}) {
  const dir = `/pub${(next += 1)}/`;
  const names = new Set(Object.values(pub.states).flatMap((s) => Object.keys(s)));
  const clock = { now: Date.now() };
  const m = makeLists({
    local: fakeArea({ settings: { listUrl: `${server.origin}${dir}index.txt`, publicKey: DEMO_KEY } }),
    clock: () => clock.now,
    ...opts,
  });
  m.holder.engine = null;
  m.holder.source = 'none';
  let mark = server.requests.length;
  return {
    m,
    clock,
    /**
     * Serves publish state `n` (files it does not hold: 404), with `changes`
     * (name → bytes, or a status number).
     * @param {number} n
     * @param {Record<string, Uint8Array | number>} [changes]
     */
    serve(n, changes = {}) {
      for (const name of names) {
        const c = name in changes ? changes[name] : pub.states[n][name];
        if (c === undefined || typeof c === 'number') server.serve(`${dir}${name}`, { status: c ?? 404 });
        else server.serve(`${dir}${name}`, { body: c, etag: `"${createHash('sha256').update(c).digest('hex').slice(0, 16)}"` });
      }
    },
    /** The names fetched since the last call, with a 304-able request marked `?`. */
    fetched() {
      const got = server.requests.slice(mark).filter((r) => r.path.startsWith(dir));
      mark = server.requests.length;
      return got.map((r) => r.path.slice(dir.length) + (r.headers['if-none-match'] ? '?' : ''));
    },
    /** The sequence in force and what it blocks. */
    inForce() {
      const e = m.holder.engine;
      if (!e) return null;
      return { sequence: e.info().sequence, second: e.checkQuery(NEW_PHRASE).matched, third: e.checkQuery(THIRD_PHRASE).matched,
        demo: e.checkUrl('https://blocked.turnback.test/x').matched };
    },
  };
}

/** What an update came to, as the tables compare it. */
function outcome(r) {
  return r.updated ? { via: r.via, sequence: r.sequence, ...(r.fallback ? { fallback: r.fallback } : {}) }
    : { reason: r.reason, ...(r.error?.detail ? { detail: r.error.detail.split(':')[0] } : {}) };
}

const held = (sequence) => ({ sequence, second: sequence >= 2, third: sequence >= 3, demo: true });

describe('delta updates', () => {
  test('releases in turn, clients too old, corrupt files, rollbacks, the server down', async () => {
    const s = pub.states;
    // Each scenario: steps of [what the server serves, the update's outcome, files fetched, list in force after].
    const scenarios = [
      ['three releases: full, then by delta twice', [
        [[1], { via: 'full', sequence: 1 }, ['index.txt', 'demo-1.tbl'], held(1)],
        [[2], { via: 'delta', sequence: 2 }, ['index.txt?', 'demo-1-2.tbd'], held(2)],
        [[3], { via: 'delta', sequence: 3 }, ['index.txt?', 'demo-2-3.tbd'], held(3)],
      ]],
      ['two releases on, by one delta', [
        [[1], { via: 'full', sequence: 1 }, ['index.txt', 'demo-1.tbl'], held(1)],
        [[3], { via: 'delta', sequence: 3 }, ['index.txt?', 'demo-1-3.tbd'], held(3)],
      ]],
      ['too old for any delta (--keep 2): the full list', [
        [[1], { via: 'full', sequence: 1 }, ['index.txt', 'demo-1.tbl'], held(1)],
        [[4], { via: 'full', sequence: 4 }, ['index.txt?', 'demo-4.tbl'], held(4)],
      ]],
      ['a corrupt delta: the full list', [
        [[2], { via: 'full', sequence: 2 }, ['index.txt', 'demo-2.tbl'], held(2)],
        [[3, { 'demo-2-3.tbd': flipped(s[3]['demo-2-3.tbd']) }], { via: 'full', sequence: 3, fallback: 'delta-mismatch' },
          ['index.txt?', 'demo-2-3.tbd', 'demo-3.tbl'], held(3)],
      ]],
      ['a corrupt delta and no full list: the last good list stays', [
        [[2], { via: 'full', sequence: 2 }, ['index.txt', 'demo-2.tbl'], held(2)],
        [[3, { 'demo-2-3.tbd': flipped(s[3]['demo-2-3.tbd']), 'demo-3.tbl': 404 }], { reason: 'http', detail: '404' },
          ['index.txt?', 'demo-2-3.tbd', 'demo-3.tbl'], held(2)],
        [[3], { via: 'delta', sequence: 3 }, ['index.txt?', 'demo-2-3.tbd'], held(3)],
      ]],
      ['a full list that is not the one the index names: refused', [
        [[3, { 'demo-3.tbl': flipped(s[3]['demo-3.tbl']) }], { reason: 'refused', detail: 'full-mismatch' }, ['index.txt', 'demo-3.tbl'], null],
      ]],
      ['an index rolled back: refused, the list kept', [
        [[3], { via: 'full', sequence: 3 }, ['index.txt', 'demo-3.tbl'], held(3)],
        [[2], { reason: 'refused', detail: 'index-older' }, ['index.txt?'], held(3)],
      ]],
      ['an index changed after signing: refused', [
        [[2], { via: 'full', sequence: 2 }, ['index.txt', 'demo-2.tbl'], held(2)],
        [[3, { 'index.txt': new TextEncoder().encode(new TextDecoder().decode(s[3]['index.txt']).replace('min-interval 3600', 'min-interval 1')) }],
          { reason: 'refused', detail: 'index-refused' }, ['index.txt?'], held(2)],
      ]],
      ['the server down: the list kept', [
        [[2], { via: 'full', sequence: 2 }, ['index.txt', 'demo-2.tbl'], held(2)],
        [[3, { 'index.txt': 503 }], { reason: 'http', detail: '503' }, ['index.txt?'], held(2)],
      ]],
      ['a 304 on the index', [
        [[2], { via: 'full', sequence: 2 }, ['index.txt', 'demo-2.tbl'], held(2)],
        [[2], { reason: 'not-modified' }, ['index.txt?'], held(2)],
      ]],
      ['a plain list URL still works', [
        [[1, { 'index.txt': pub.lists[2] }], { via: 'full', sequence: 2 }, ['index.txt'], held(2)],
      ]],
    ];
    const failed = [];
    for (const [name, steps] of scenarios) {
      const c = client();
      for (const [i, [[state, changes], want, files, force]] of steps.entries()) {
        c.serve(state, changes);
        const got = { outcome: outcome(await c.m.lists.update()), fetched: c.fetched(), inForce: c.inForce() };
        const wanted = { outcome: want, fetched: files, inForce: force };
        try {
          assert.deepEqual(got, wanted);
        } catch {
          failed.push(`${name}, step ${i + 1}\n    got  ${JSON.stringify(got)}\n    want ${JSON.stringify(wanted)}`);
          break;
        }
      }
    }
    assert.deepEqual(failed, [], `${failed.length} of ${scenarios.length} scenarios failed`);
  });

  test('what is stored: the list a delta rebuilt, the index validators, when the index was fetched', async () => {
    const c = client();
    c.serve(1);
    await c.m.lists.update();
    c.serve(2);
    const at = c.clock.now;
    assert.equal((await c.m.lists.update()).via, 'delta');
    const data = c.m.local.data();
    assert.deepEqual((await c.m.lists.status()).lastUpdate, { via: 'delta', at });
    assert.equal(data.list.sequence, 2);
    assert.deepEqual(Buffer.from(data.list.bytes, 'base64'), Buffer.from(pub.lists[2]), 'the rebuilt list is the full file byte for byte');
    assert.equal(data.list.etag, `"${createHash('sha256').update(pub.states[2]['index.txt']).digest('hex').slice(0, 16)}"`);
    assert.deepEqual(data.indexFetch, { url: data.settings.listUrl, at, minInterval: 3600 });
    // A restarted worker takes the stored list as it would a downloaded one.
    const again = makeLists({ local: c.m.local });
    const initial = await again.lists.initialList();
    assert.equal(initial?.engine.info().sequence, 2);
  });

  test("scheduled updates wait for the index's min-interval; the user's do not", async () => {
    const c = client();
    c.serve(2);
    assert.equal((await c.m.lists.update()).via, 'full');
    c.fetched();
    const t0 = c.clock.now;
    // Minutes after the first fetch; the user's fetch at 11 restarts the hour.
    const cases = [
      ['scheduled, 10 minutes on', 10, { scheduled: true }, { reason: 'min-interval' }, []],
      ['the user, 11 minutes on', 11, {}, { reason: 'not-modified' }, ['index.txt?']],
      ['scheduled, 59 minutes after the last fetch', 70, { scheduled: true }, { reason: 'min-interval' }, []],
      ['scheduled, 60 minutes after it', 71, { scheduled: true }, { reason: 'not-modified' }, ['index.txt?']],
    ];
    for (const [name, minutes, how, want, files] of cases) {
      c.clock.now = t0 + minutes * MIN;
      const got = { outcome: outcome(await c.m.lists.update(how)), fetched: c.fetched() };
      assert.deepEqual(got, { outcome: want, fetched: files }, name);
    }
  });

  test('after a failure past the index, the retry waits for the min-interval', async () => {
    const c = client();
    c.serve(2);
    await c.m.lists.update();
    c.serve(3, { 'demo-2-3.tbd': 404, 'demo-3.tbl': 404 });
    c.clock.now += 61 * MIN;
    const failedAt = c.clock.now;
    assert.equal((await c.m.lists.update({ scheduled: true })).reason, 'http');
    assert.equal(c.m.alarms.alarms.get(RETRY_ALARM).when, failedAt + MIN, 'the first retry is due in a minute');
    c.fetched();
    c.clock.now += MIN;
    assert.deepEqual(outcome(await c.m.lists.update({ scheduled: true })), { reason: 'min-interval' });
    assert.deepEqual(c.fetched(), []);
    assert.equal(c.m.alarms.alarms.get(RETRY_ALARM).when, failedAt + 60 * MIN, 'moved to when the index is due');
    assert.equal(c.inForce().sequence, 2);
  });

  test('jitter: every scheduled fetch comes up to a tenth of its delay later, at random', async () => {
    let r = 0.5;
    const c = client({ random: () => r });
    c.serve(1, { 'index.txt': 503 });
    const now = c.clock.now;
    await c.m.lists.update();
    const periodic = c.m.alarms.alarms.get(PERIODIC_ALARM);
    // No list in force yet: urgent checks every 15 minutes.
    assert.deepEqual([periodic.delayInMinutes, periodic.periodInMinutes], [15 * 1.05, 15]);
    assert.equal(c.m.alarms.alarms.get(RETRY_ALARM).when, now + 1.05 * MIN, 'the retry too');
    c.serve(1);
    await c.m.lists.update();
    assert.deepEqual([c.m.alarms.alarms.get(PERIODIC_ALARM).delayInMinutes, c.m.alarms.alarms.get(PERIODIC_ALARM).periodInMinutes],
      [360 * 1.05, 360]);
    // Each periodic firing sets the next one with new jitter.
    r = 0.9;
    c.clock.now += 361 * MIN;
    await c.m.lists.update({ scheduled: true, rearm: true });
    assert.ok(Math.abs(c.m.alarms.alarms.get(PERIODIC_ALARM).delayInMinutes - 360 * 1.09) < 1e-9);
  });
});
