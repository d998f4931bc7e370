// The last good list survives a worker restart: stored as base64 with its
// key and validators, re-verified by the engine on a cold start, ignored
// when it is for another key, refused when it expired or was damaged.

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
  await saveList(local, { bytes: fx.lists.seq2, publicKey: DEMO_KEY, sequence: 2, url: URL_, etag: '"e"', fetchedAt: 5 });
  const rec = local.data().list;
  assert.deepEqual(Object.keys(rec).sort(), ['bytes', 'etag', 'fetchedAt', 'publicKey', 'sequence', 'url']);
  // A fresh worker: new machinery over the same storage.
  const m = makeLists({ local });
  const got = await m.lists.initialList();
  assert.equal(got.source, 'stored');
  assert.equal(got.publicKey, DEMO_KEY);
  assert.deepEqual(got.bytes, fx.lists.seq2);
  const engine = TurnbackEngine.load(got.bytes, got.publicKey);
  assert.equal(engine.checkQuery(NEW_PHRASE).matched, true);
  m.holder.engine = engine;
  assert.equal((await m.lists.status()).list.source, 'stored');
});

test('no list URL configured: the stored list is not used', async () => {
  const local = fakeArea({});
  await saveList(local, { bytes: fx.lists.seq2, publicKey: DEMO_KEY, sequence: 2, fetchedAt: 5 });
  assert.equal(await makeLists({ local }).lists.initialList(), null);
});

test('a stored list for another key than the configured one is ignored', async () => {
  const local = fakeArea({ settings: { listUrl: URL_, publicKey: fx.otherKey } });
  await saveList(local, { bytes: fx.lists.seq2, publicKey: DEMO_KEY, sequence: 2, fetchedAt: 5 });
  assert.equal(await makeLists({ local }).lists.initialList(), null);
});

test('an expired or damaged stored list is refused, with the reason recorded', async () => {
  for (const [bytes, pattern, skew] of [
    [fx.lists.expired, /list expired at/, 86_400_000],
    [fx.lists.tampered, /signature does not verify/, 0],
  ]) {
    const local = fakeArea({ settings: { listUrl: URL_, publicKey: DEMO_KEY } });
    await saveList(local, { bytes, publicKey: DEMO_KEY, sequence: 3, fetchedAt: 5 });
    // initialList verifies against the real clock: the expired list is
    // expired after its one second; wait that out when needed.
    if (skew) await new Promise((ok) => setTimeout(ok, 1100));
    const m = makeLists({ local });
    assert.equal(await m.lists.initialList(), null);
    assert.equal(local.data().listStatus.lastError.code, 'stored-refused');
    assert.match(local.data().listStatus.lastError.message, pattern);
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
    assert.equal(TurnbackEngine.load(got.bytes, got.publicKey).info().sequence, 3);
  } finally {
    await server.close();
  }
});
