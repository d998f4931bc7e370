// The last good list survives a worker restart: stored as base64 with its
// key and validators, re-verified by the engine on a cold start under its
// own key, kept in force after it expires, refused when damaged; the
// highest sequence per key is kept apart from it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeLists as buildLists, DEMO_KEY, NEW_PHRASE } from './fixtures.mjs';
import { fakeArea, makeLists, TurnbackEngine } from './support.mjs';
import { fromBase64, saveList, toBase64 } from '../../../extension/src/background/lists/persistence.js';

let fx;
before(() => {
  fx = buildLists();
});
after(() => fx?.cleanup());

const URL_ = 'https://lists.example/l.tbl';

test('base64 round trip, also across chunk boundaries', () => {
  for (const n of [0, 1, 2, 3, 0x8000, 0x8001, 100_000]) {
    const b = new Uint8Array(n).map((_, i) => (i * 7919) & 255);
    assert.deepEqual(fromBase64(toBase64(b)), b);
    assert.equal(toBase64(b), Buffer.from(b).toString('base64'));
  }
});

test('a stored list loads on a cold start and counts as "stored"', async () => {
  const local = fakeArea({ settings: { listUrl: URL_, publicKey: DEMO_KEY } });
  await saveList(local, { bytes: fx.lists.seq2, publicKey: DEMO_KEY, sequence: 2, url: URL_, etag: '"e"', fetchedAt: Date.now() });
  const rec = local.data().list;
  assert.deepEqual(Object.keys(rec).sort(), ['bytes', 'etag', 'fetchedAt', 'publicKey', 'sequence', 'url']);
  // A fresh worker: new machinery over the same storage.
  const m = makeLists({ local });
  const got = await m.lists.initialList();
  assert.equal(got.source, 'stored');
  assert.equal(got.engine.checkQuery(NEW_PHRASE).matched, true);
  m.holder.engine = got.engine;
  m.holder.source = 'stored';
  const status = await m.lists.status();
  assert.equal(status.list.source, 'stored');
  assert.deepEqual(status.problems, []);
});

test('with no list URL any more, the stored list is used at start and reconcile goes back to the packaged list', async () => {
  const local = fakeArea({});
  await saveList(local, { bytes: fx.lists.seq2, publicKey: DEMO_KEY, sequence: 2, fetchedAt: Date.now() });
  const m = makeLists({ local });
  const got = await m.lists.initialList();
  assert.equal(got.engine.info().sequence, 2, 'loaded at once, before the policy is read');
  m.holder.engine = got.engine;
  m.holder.source = 'stored';
  await m.lists.reconcile();
  assert.equal(m.holder.source, 'packaged');
  assert.equal(m.holder.engine.checkQuery(NEW_PHRASE).matched, false);
  assert.deepEqual(m.holder.statuses.at(-1).problems, [], 'no problem without a list URL');
});

test('a stored list for another key than the configured one stays in force, verified under its own key', async () => {
  const local = fakeArea({ settings: { listUrl: URL_, publicKey: fx.otherKey } });
  await saveList(local, { bytes: fx.lists.seq2, publicKey: DEMO_KEY, sequence: 2, fetchedAt: Date.now() });
  const m = makeLists({ local });
  const got = await m.lists.initialList();
  assert.equal(got.engine.checkQuery(NEW_PHRASE).matched, true);
  m.holder.engine = got.engine;
  m.holder.source = 'stored';
  assert.equal((await m.lists.status()).keyMismatch, true);
});

test('an expired stored list stays in force and is reported; a damaged one is refused with the reason', async () => {
  const local = fakeArea({ settings: { listUrl: URL_, publicKey: DEMO_KEY } });
  // Accepted while it was valid (it lives one second from its creation) ...
  const { created, expires } = TurnbackEngine.load(fx.lists.expired, DEMO_KEY, { now: 0 }).info();
  await saveList(local, { bytes: fx.lists.expired, publicKey: DEMO_KEY, sequence: 10, fetchedAt: created * 1000 });
  // ... and past its expiry now.
  while (Date.now() / 1000 < expires + 0.2) await new Promise((ok) => setTimeout(ok, 50));
  assert.throws(() => TurnbackEngine.load(fx.lists.expired, DEMO_KEY), /list expired at/, 'the engine itself refuses it now');
  const m = makeLists({ local });
  const got = await m.lists.initialList();
  assert.equal(got.engine.checkQuery(NEW_PHRASE).matched, true, 'the expired list still checks');
  m.holder.engine = got.engine;
  m.holder.source = 'stored';
  const status = await m.lists.status();
  assert.equal(status.list.expired, true);
  assert.deepEqual(status.problems, ['expired']);

  const damaged = fakeArea({ settings: { listUrl: URL_, publicKey: DEMO_KEY } });
  await saveList(damaged, { bytes: fx.lists.tampered, publicKey: DEMO_KEY, sequence: 3, fetchedAt: Date.now() });
  assert.equal(await makeLists({ local: damaged }).lists.initialList(), null);
  assert.equal(damaged.data().listStatus.lastError.code, 'stored-refused');
  assert.match(damaged.data().listStatus.lastError.message, /signature does not verify/);
});

test('the highest sequence per key is kept apart from the list: a lost list does not reopen rollback', async () => {
  const { startListServer } = await import('./server.mjs');
  const server = await startListServer();
  try {
    server.serve('/p.tbl', { body: fx.lists.seq3 });
    const local = fakeArea({ settings: { listUrl: `${server.origin}/p.tbl`, publicKey: DEMO_KEY } });
    const first = makeLists({ local });
    assert.equal((await first.lists.update()).sequence, 3);
    assert.deepEqual(Object.values(local.data().sequences), [3]);
    // The stored list is lost (storage cleared in part, or damaged); no list is in force.
    await local.remove('list');
    const second = makeLists({ local });
    second.holder.engine = null;
    second.holder.source = 'none';
    server.serve('/p.tbl', { body: fx.lists.seq1 });
    const r = await second.lists.update();
    assert.equal(r.updated, false);
    assert.match(r.error.message, /sequence 1 is older than the loaded list's 3/);
    assert.equal(second.holder.engine, null, 'the older list is not taken');
  } finally {
    await server.close();
  }
});

test('a list taken by an update is what the next cold start loads', async () => {
  const { startListServer } = await import('./server.mjs');
  const server = await startListServer();
  try {
    server.serve('/p.tbl', { body: fx.lists.seq3, etag: '"p3"' });
    const local = fakeArea({ settings: { listUrl: `${server.origin}/p.tbl`, publicKey: DEMO_KEY } });
    const first = makeLists({ local });
    assert.equal((await first.lists.update()).sequence, 3);
    const second = makeLists({ local });
    const got = await second.lists.initialList();
    assert.equal(got.engine.info().sequence, 3);
  } finally {
    await server.close();
  }
});
