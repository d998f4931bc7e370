// Downloads against a real loopback server, verification by the real Wasm
// engine, swap, persistence, status and retry: every bad answer is refused
// with its reason recorded and the last good list kept.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeLists as buildLists, DEMO_KEY, NEW_PHRASE, OTHER_PHRASE } from './fixtures.mjs';
import { scaled } from '../../deadline.mjs';
import { startListServer } from './server.mjs';
import { fakeArea, makeLists, fakeEvent } from './support.mjs';
import { PERIODIC_ALARM, RETRY_ALARM, URGENT_MINUTES } from '../../../extension/src/background/lists/updater.js';

const DAY = 86_400_000;
let fx;
let server;

before(async () => {
  fx = buildLists();
  server = await startListServer();
});
after(async () => {
  await server?.close();
  fx?.cleanup();
});

/** Machinery configured for `path` on the server, already holding seq2. */
async function holdingSeq2(path, opts = {}) {
  server.serve(path, { body: fx.lists.seq2, etag: '"v2"', lastModified: 'Sun, 29 Nov 2026 06:00:00 GMT' });
  const local = fakeArea({ settings: { listUrl: `${server.origin}${path}`, publicKey: DEMO_KEY } });
  const m = makeLists({ local, ...opts });
  const r = await m.lists.update();
  assert.deepEqual(r, { updated: true, sequence: 2, via: 'full' });
  return m;
}

function assertStillSeq2(m) {
  const info = m.holder.engine.info();
  assert.equal(info.sequence, 2);
  assert.equal(m.holder.engine.checkQuery(NEW_PHRASE).matched, true);
  assert.equal(m.holder.engine.checkQuery('blocked demo term').matched, true);
  assert.equal(m.holder.engine.checkUrl('https://blocked.turnback.test/x').matched, true);
  assert.equal(m.local.data().list.sequence, 2);
}

describe('updates', () => {
  test('no list URL: nothing is fetched and the packaged list stays', async () => {
    const before = server.requests.length;
    const m = makeLists();
    const r = await m.lists.update();
    assert.equal(r.reason, 'not-configured');
    assert.equal(server.requests.length, before);
    assert.equal(m.holder.swaps, 0);
    const s = await m.lists.status();
    assert.equal(s.list.source, 'packaged');
    assert.equal(s.list.sequence, 1);
    assert.ok(m.alarms.alarms.get(PERIODIC_ALARM), 'the periodic alarm is set even so');
    assert.equal(m.alarms.alarms.get(PERIODIC_ALARM).periodInMinutes, 360);
  });

  test('a compressed list (gzip, br: Content-Length is the compressed size) is taken', async () => {
    for (const encoding of ['gzip', 'br']) {
      const path = `/compressed-${encoding}.tbl`;
      server.serve(path, { body: fx.lists.seq3, encoding });
      const m = makeLists({ local: fakeArea({ settings: { listUrl: `${server.origin}${path}`, publicKey: DEMO_KEY } }) });
      const r = await m.lists.update();
      assert.deepEqual(r, { updated: true, sequence: 3, via: 'full' }, `${encoding}: got ${JSON.stringify(r)}`);
      assert.equal(m.holder.engine.checkQuery(NEW_PHRASE).matched, true);
    }
  });

  test('a configured list URL with no list in force: a problem, the fail mode applied, urgent checks', async () => {
    server.serve('/down.tbl', { status: 503 });
    const managed = fakeArea({ listUrl: `${server.origin}/down.tbl`, publicKey: DEMO_KEY, failMode: 'closed' });
    const m = makeLists({ managed });
    m.holder.engine = null;
    m.holder.source = 'none';
    const r = await m.lists.update();
    assert.equal(r.reason, 'http');
    assert.equal(m.holder.failMode, 'closed');
    assert.equal(m.alarms.alarms.get(PERIODIC_ALARM).periodInMinutes, URGENT_MINUTES);
    const s = await m.lists.status();
    assert.equal(s.list, null);
    assert.deepEqual(s.problems, ['no-list']);
    assert.deepEqual(m.holder.statuses.at(-1).problems, ['no-list'], 'the badge is told');
    // The first good list clears it, and checks go back to the regular period.
    server.serve('/down.tbl', { body: fx.lists.seq2 });
    assert.deepEqual(await m.lists.update(), { updated: true, sequence: 2, via: 'full' });
    assert.deepEqual((await m.lists.status()).problems, []);
    assert.equal(m.alarms.alarms.get(PERIODIC_ALARM).periodInMinutes, 360);
  });

  test('a held list that expires stays in force; checks become urgent; an unexpired newer list ends it', async () => {
    let now = Date.now();
    const m = await holdingSeq2('/expiring.tbl', { clock: () => now });
    const { expires } = m.holder.engine.info();
    now = (expires + 60) * 1000;
    server.serve('/expiring.tbl', { status: 500 });
    const r = await m.lists.update();
    assert.equal(r.reason, 'http');
    assertStillSeq2(m);
    const s = await m.lists.status();
    assert.equal(s.list.expired, true);
    assert.deepEqual(s.problems, ['expired']);
    assert.equal(m.alarms.alarms.get(PERIODIC_ALARM).periodInMinutes, URGENT_MINUTES);
    assert.ok(m.alarms.alarms.get(RETRY_ALARM).when - now <= URGENT_MINUTES * 60_000);
    now = Date.now();
    server.serve('/expiring.tbl', { body: fx.lists.seq3 });
    assert.deepEqual(await m.lists.update(), { updated: true, sequence: 3, via: 'full' });
    assert.deepEqual((await m.lists.status()).problems, []);
    assert.equal(m.alarms.alarms.get(PERIODIC_ALARM).periodInMinutes, 360);
  });

  test('no successful update for staleDays: the stale problem (default 7 days, policy sets it)', async () => {
    for (const [staleDays, days, want] of [[undefined, 6, []], [undefined, 8, ['stale']], [2, 3, ['stale']], [2, 1, []]]) {
      let now = Date.now();
      const managed = staleDays ? fakeArea({ staleDays }) : undefined;
      const m = await holdingSeq2(`/stale-${staleDays}-${days}.tbl`, { clock: () => now, managed });
      now += days * DAY;
      const got = (await m.lists.status()).problems;
      assert.deepEqual(got, want, `staleDays ${staleDays}, ${days} days later: got ${got}, want ${want}`);
    }
  });

  test('a newer list is taken, persisted, and its new phrase now matches', async () => {
    const m = makeLists({
      local: fakeArea({ settings: { listUrl: `${server.origin}/new.tbl`, publicKey: DEMO_KEY } }),
    });
    assert.equal(m.holder.engine.checkQuery(NEW_PHRASE).matched, false);
    server.serve('/new.tbl', { body: fx.lists.seq2, etag: '"n2"' });
    const r = await m.lists.update();
    assert.deepEqual(r, { updated: true, sequence: 2, via: 'full' });
    assert.equal(m.holder.swaps, 1);
    assert.equal(m.holder.engine.checkQuery(NEW_PHRASE).matched, true);
    const stored = m.local.data().list;
    assert.equal(stored.sequence, 2);
    assert.equal(stored.etag, '"n2"');
    assert.equal(stored.publicKey, DEMO_KEY);
    assert.equal(Buffer.from(stored.bytes, 'base64').equals(Buffer.from(fx.lists.seq2)), true);
    const s = await m.lists.status();
    assert.equal(s.list.source, 'downloaded');
    assert.equal(s.lastError, null);
    assert.equal(typeof s.lastCheck, 'number');
    // The request carried nothing but the GET: no cookie, no referrer.
    const req = server.requests.at(-1);
    assert.equal(req.method, 'GET');
    assert.equal(req.headers.cookie, undefined);
    assert.equal(req.headers.referer, undefined);
    assert.equal(req.headers['if-none-match'], undefined, 'first fetch is unconditional');
  });

  test('ETag: the next check is conditional, 304 keeps the list and records the check', async () => {
    let now = Date.now();
    const m = await holdingSeq2('/etag.tbl', { clock: () => now });
    now += 60_000;
    const r = await m.lists.update();
    assert.deepEqual(r, { updated: false, reason: 'not-modified' });
    const req = server.requests.at(-1);
    assert.equal(req.path, '/etag.tbl');
    assert.equal(req.headers['if-none-match'], '"v2"');
    assert.equal(req.headers['if-modified-since'], 'Sun, 29 Nov 2026 06:00:00 GMT');
    assert.equal(m.holder.swaps, 1);
    const s = await m.lists.status();
    assert.equal(s.lastCheck, now);
    assert.equal(s.lastError, null);
  });

  test('Last-Modified alone: If-Modified-Since gets a 304', async () => {
    server.serve('/lm.tbl', { body: fx.lists.seq2, lastModified: 'Sun, 29 Nov 2026 05:00:00 GMT' });
    const m = makeLists({ local: fakeArea({ settings: { listUrl: `${server.origin}/lm.tbl`, publicKey: DEMO_KEY } }) });
    assert.equal((await m.lists.update()).updated, true);
    const r = await m.lists.update();
    assert.equal(r.reason, 'not-modified');
    assert.equal(server.requests.at(-1).headers['if-modified-since'], 'Sun, 29 Nov 2026 05:00:00 GMT');
    assert.equal(server.requests.at(-1).headers['if-none-match'], undefined);
  });

  const refusals = [
    ['tampered list', () => ({ body: fx.lists.tampered }), 'refused', /^list signature does not verify$/],
    ['list signed by another key', () => ({ body: fx.lists.otherKey }), 'refused', /^list is signed by key [0-9a-f]{16}, not by the pinned key [0-9a-f]{16}$/],
    ['older sequence', () => ({ body: fx.lists.seq1 }), 'refused', /^list sequence 1 is older than the loaded list's 2$/],
    ['expired list', () => ({ body: fx.lists.expired }), 'refused', /^list expired at /, DAY],
    ['HTTP 500', () => ({ status: 500 }), 'http', /^500$/],
    ['honest but truncated body', () => ({ body: fx.lists.truncated }), 'refused', /^list file is truncated/],
    ['body cut off before its Content-Length', () => ({ body: fx.lists.seq3, cutAfter: 4000 }), /^(interrupted|truncated)$/, null],
    ['stalled body (timeout)', () => ({ body: fx.lists.seq3, stallAfter: 100 }), 'timeout', null],
    ['trickling body (overall timeout)', () => ({ body: fx.lists.seq3, trickle: true }), 'timeout', null],
  ];
  for (const [name, answer, code, detail, skew = 0] of refusals) {
    test(`${name}: refused, reason recorded, last good list kept`, async () => {
      let now = Date.now();
      const path = `/${name.replace(/\W+/g, '-')}.tbl`;
      const m = await holdingSeq2(path, { clock: () => now, timeoutMs: 3000, stallMs: 1000 });
      server.serve(path, answer());
      now += skew;
      const r = await m.lists.update();
      assert.equal(r.updated, false);
      const s = await m.lists.status();
      if (code instanceof RegExp) assert.match(s.lastError.code, code);
      else assert.equal(s.lastError.code, code);
      if (detail) assert.match(s.lastError.detail, detail);
      if (name.startsWith('stalled')) assert.equal(s.lastError.message, 'the list server sent nothing for 1 s');
      if (name.startsWith('trickling')) assert.equal(s.lastError.message, 'the download took longer than 3 s');
      assert.equal(s.lastError.at, now);
      assert.doesNotMatch(JSON.stringify(s.lastError), /blocked|plonkwhistle/, 'no list content in the reason');
      assert.equal(s.failures, 1);
      assert.equal(s.nextRetry, now + 60_000);
      assert.equal(m.alarms.alarms.get(RETRY_ALARM).when, now + 60_000);
      assert.equal(m.holder.swaps, 1);
      assertStillSeq2(m);
    });
  }

  test('too large: stopped at the size limit', async () => {
    const m = await holdingSeq2('/big.tbl', { maxBytes: 25_000 });
    server.serve('/big.tbl', { body: new Uint8Array(30_000) });
    await m.lists.update();
    const s = await m.lists.status();
    assert.equal(s.lastError.code, 'too-large');
    assertStillSeq2(m);
  });

  test('backoff: 1, 2, 4 … minutes, capped at the period; success resets it', async () => {
    let now = Date.now();
    const m = await holdingSeq2('/flaky.tbl', { clock: () => now });
    await m.local.set({ settings: { ...m.local.data().settings, updateHours: 1 } });
    server.serve('/flaky.tbl', { status: 503 });
    const delays = [];
    for (let i = 0; i < 9; i += 1) {
      await m.lists.update();
      const s = await m.lists.status();
      delays.push((s.nextRetry - now) / 60_000);
      assert.equal(m.alarms.alarms.get(RETRY_ALARM).when, s.nextRetry);
      now += 1000;
    }
    assert.deepEqual(delays, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    server.serve('/flaky.tbl', { body: fx.lists.seq3, etag: '"v3"' });
    const r = await m.lists.update();
    assert.deepEqual(r, { updated: true, sequence: 3, via: 'full' });
    const s = await m.lists.status();
    assert.equal(s.failures, 0);
    assert.equal(s.nextRetry, null);
    assert.equal(s.lastError, null);
    assert.equal(m.alarms.alarms.has(RETRY_ALARM), false);
  });

  test('never two updates at once: concurrent calls share one request', async () => {
    server.serve('/once.tbl', { body: fx.lists.seq2 });
    const m = makeLists({ local: fakeArea({ settings: { listUrl: `${server.origin}/once.tbl`, publicKey: DEMO_KEY } }) });
    const before = server.requests.filter((r) => r.path === '/once.tbl').length;
    const [a, b, c] = await Promise.all([m.lists.update(), m.lists.update(), m.lists.update()]);
    assert.equal(a, b);
    assert.equal(b, c);
    assert.equal(server.requests.filter((r) => r.path === '/once.tbl').length - before, 1);
    assert.equal(m.holder.swaps, 1);
  });

  test('install, startup and the alarms trigger updates', async () => {
    server.serve('/events.tbl', { body: fx.lists.seq2 });
    const m = makeLists({ local: fakeArea({ settings: { listUrl: `${server.origin}/events.tbl`, publicKey: DEMO_KEY } }) });
    const api = {
      runtime: { onInstalled: fakeEvent(), onStartup: fakeEvent() },
      alarms: { onAlarm: fakeEvent() },
      storage: { onChanged: fakeEvent() },
    };
    m.lists.startUpdates(api);
    const count = () => server.requests.filter((r) => r.path === '/events.tbl').length;
    const pause = (ms) => new Promise((ok) => setTimeout(ok, ms));
    /** Until the server has had `n` requests and the update is over, or the (scaled) deadline. */
    const waitFor = async (n) => {
      const end = Date.now() + scaled(2000);
      while (count() < n && Date.now() < end) await pause(10);
      while ((await m.lists.status()).updating && Date.now() < end) await pause(10);
      assert.equal(count(), n);
    };
    api.runtime.onInstalled.fire({ reason: 'install' });
    await waitFor(1);
    api.runtime.onStartup.fire();
    await waitFor(2);
    api.alarms.onAlarm.fire({ name: RETRY_ALARM });
    await waitFor(3);
    api.alarms.onAlarm.fire({ name: PERIODIC_ALARM });
    await waitFor(4);
    api.storage.onChanged.fire({ settings: {} }, 'local');
    api.alarms.onAlarm.fire({ name: 'someone-elses-alarm' });
    await pause(scaled(100)); // time for an update that should not start
    assert.equal(count(), 4, 'foreign alarms and local storage changes do not trigger');
    api.storage.onChanged.fire({ locked: {} }, 'managed');
    await waitFor(5);
  });

  test('a new key: the current list stays (key mismatch shown) until a list signed by the new key comes', async () => {
    const m = await holdingSeq2('/rekey.tbl');
    // The administrator moves to another publisher key; the server still has the old list.
    const r = await m.lists.saveSettings({ listUrl: `${server.origin}/rekey.tbl`, publicKey: fx.otherKey });
    assert.equal(r.lastError.code, 'refused');
    assert.match(r.lastError.detail, /not by the pinned key/);
    assert.equal(r.keyMismatch, true);
    assertStillSeq2(m);
    // The new publisher's list (sequence 20, no rollback check across keys) replaces it.
    server.serve('/rekey.tbl', { body: fx.lists.otherKey });
    const s = (await m.lists.handleMessage({ type: 'updateNow' })).status;
    assert.equal(s.keyMismatch, false);
    assert.equal(s.list.sequence, 20);
    assert.equal(m.holder.engine.checkQuery(OTHER_PHRASE).matched, true);
    assert.equal(m.local.data().list.publicKey, `turnback-public-key-v1 ${fx.otherKey.split(' ').pop()}`);
  });

  test('a key set: a list signed by the next key is taken; the sequence may not go back under either key', async () => {
    const m = await holdingSeq2('/rotate.tbl');
    // The publisher's next key is pinned beside the current one, then signs (sequence 20).
    server.serve('/rotate.tbl', { body: fx.lists.otherKey });
    const r = await m.lists.saveSettings({ listUrl: `${server.origin}/rotate.tbl`, publicKey: `${DEMO_KEY}\n${fx.otherKey}` });
    assert.equal(r.lastError, null);
    assert.equal(r.keyMismatch, false);
    assert.equal(r.list.sequence, 20);
    assert.equal(m.holder.engine.checkQuery(OTHER_PHRASE).matched, true);
    // An older list signed by the other key of the set is a rollback: refused.
    server.serve('/rotate.tbl', { body: fx.lists.seq3 });
    const s = (await m.lists.handleMessage({ type: 'updateNow' })).status;
    assert.equal(s.lastError.code, 'refused');
    assert.match(s.lastError.detail, /sequence 3 is older than the loaded list's 20/);
    assert.equal(m.holder.engine.info().sequence, 20);
    // A list signed by neither key names the signer and the size of the set.
    const only = makeLists({ local: fakeArea({ settings: { listUrl: `${server.origin}/stranger.tbl`, publicKey: `${fx.otherKey}, 58${'66'.repeat(31)}` } }) });
    server.serve('/stranger.tbl', { body: fx.lists.seq3 });
    const t = await only.lists.update();
    assert.equal(t.updated, false);
    assert.match(t.error.detail, /^list is signed by key [0-9a-f]{16}, not by any of the 2 pinned keys$/);
  });

  test('removing the list URL goes back to the packaged list without a request', async () => {
    const m = await holdingSeq2('/remove.tbl');
    const before = server.requests.length;
    const s = await m.lists.saveSettings({});
    assert.equal(server.requests.length, before);
    assert.equal(s.list.source, 'packaged');
    assert.equal(s.list.sequence, 1);
    assert.equal(m.holder.engine.checkQuery(NEW_PHRASE).matched, false);
  });

  test('getStatus reports list, age, source and settings', async () => {
    const m = await holdingSeq2('/status.tbl');
    const res = await m.lists.handleMessage({ type: 'getStatus' });
    assert.equal(res.ok, true);
    const s = res.status;
    assert.equal(s.list.id, 'demo');
    assert.equal(s.list.sequence, 2);
    assert.equal(s.list.source, 'downloaded');
    assert.ok(s.list.expires > s.list.created);
    assert.ok(s.list.ageSeconds >= 0 && s.list.ageSeconds < 600);
    assert.equal(s.settings.listUrl, `${server.origin}/status.tbl`);
    assert.equal(s.settings.updateHours, 6);
    assert.deepEqual(s.lockedFields, []);
    assert.equal(s.locked, false);
    assert.equal(await m.lists.handleMessage({ type: 'checkFrame' }), undefined, 'other messages are not ours');
  });
});

test('an update that throws does not block later ones', async () => {
  const { makeLists: make } = await import('./support.mjs');
  const m = make({ local: fakeArea({ settings: { listUrl: 'http://127.0.0.1:9/never.tbl', publicKey: DEMO_KEY } }) });
  let fail = true;
  const real = m.lists;
  // engineReady failing once (e.g. the packaged list could not load) rejects that update only.
  let holderEngine = m.holder.engine;
  Object.defineProperty(m.holder, 'engine', {
    get: () => {
      if (fail) throw new Error('engine not ready');
      return holderEngine;
    },
    set: (engine) => {
      holderEngine = engine;
    },
    configurable: true,
  });
  await assert.rejects(real.update(), /engine not ready/);
  const first = real.update();
  const second = real.update({ fresh: true });
  fail = false; // the first has already asked for the engine and failed
  await assert.rejects(first, /engine not ready/);
  const r = await second;
  assert.equal(r.updated, false);
  assert.equal(r.reason, 'network');
});
