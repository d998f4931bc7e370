// The shared update routine (www/src/update/fetch-list.js) over CLI-made
// publish directories and the real Wasm module, with a fake fetchFile that
// records what was fetched: first fetch, deltas, clients too old, corrupt
// or missing deltas, mismatches, rollbacks, 304s, plain list URLs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyDelta, initSync, TurnbackEngine, verifyIndexSignature } from '../../www/pkg/turnback.js';
import { UpdateError, updateList } from '../../www/src/update/fetch-list.js';
import { loadWithKeySet } from '../../www/src/keyset.js';
import { DEMO_KEY, REPO, makeLists } from '../extension/lists/fixtures.mjs';
import { makePublished } from './publish.mjs';

initSync({ module: readFileSync(join(REPO, 'www/pkg/turnback_bg.wasm')) });

const BASE = 'https://lists.turnback.test/demo/';
let pub;
let other;

before(() => {
  pub = makePublished({ keep: 2 });
  other = makeLists();
});
after(() => {
  pub?.cleanup();
  other?.cleanup();
});

/**
 * A server over a file map: 304 when If-None-Match is the file's etag
 * (`"<name>-<length>"`), 404 for a missing name; `log` holds the names asked.
 * @param {Record<string, Uint8Array>} files
 */
function server(files) {
  const log = [];
  return {
    log,
    /** @type {import('../../www/src/update/fetch-list.js').UpdateDeps<any>['fetchFile']} */
    async fetchFile(url, validators, limits) {
      assert.ok(url.startsWith(BASE), `fetched outside the index's directory: ${url}`);
      const name = url.slice(BASE.length);
      log.push(name);
      const body = files[name];
      if (!body) throw Object.assign(new Error('the list server answered HTTP 404'), { code: 'http' });
      if (limits.maxBytes !== undefined && body.length > limits.maxBytes) throw Object.assign(new Error('too large'), { code: 'too-large' });
      const etag = `"${name}-${body.length}"`;
      if (validators?.etag === etag) return { notModified: true };
      return { notModified: false, bytes: body, etag, url };
    },
  };
}

/** @param {import('../../www/src/update/fetch-list.js').UpdateDeps<any>['fetchFile']} fetchFile */
function deps(fetchFile) {
  return {
    fetchFile,
    load: (/** @type {Uint8Array} */ bytes, /** @type {number | undefined} */ held) =>
      loadWithKeySet((k) => TurnbackEngine.load(bytes, k, held === undefined ? undefined : { heldSequence: held }), DEMO_KEY),
    applyDelta,
    verifyIndexSignature,
  };
}

/** @param {Uint8Array} b */
const flipped = (b) => Uint8Array.from(b, (x, i) => (i === Math.floor(b.length / 2) ? x ^ 1 : x));

/** A result as the table compares it. */
function summary(r) {
  return { kind: r.kind, sequence: r.engine?.info().sequence, fallback: r.fallback?.code };
}

test('what one update fetches and loads', async () => {
  const s = pub.states;
  const held = (n) => ({ bytes: pub.lists[n], sequence: n });
  const cases = [
    { name: 'first fetch through the index: full', files: s[1], held: null, want: { kind: 'full', sequence: 1 }, log: ['index.txt', 'demo-1.tbl'] },
    { name: 'the next release by delta', files: s[2], held: held(1), want: { kind: 'delta', sequence: 2 }, log: ['index.txt', 'demo-1-2.tbd'] },
    { name: 'two releases on by delta', files: s[3], held: held(1), want: { kind: 'delta', sequence: 3 }, log: ['index.txt', 'demo-1-3.tbd'] },
    { name: 'too old for any delta (--keep 2): full', files: s[4], held: held(1), want: { kind: 'full', sequence: 4 }, log: ['index.txt', 'demo-4.tbl'] },
    { name: 'corrupt delta: full', files: { ...s[3], 'demo-2-3.tbd': flipped(s[3]['demo-2-3.tbd']) }, held: held(2),
      want: { kind: 'full', sequence: 3, fallback: 'delta-mismatch' }, log: ['index.txt', 'demo-2-3.tbd', 'demo-3.tbl'] },
    { name: 'delta gone (404): full', files: { ...s[3], 'demo-2-3.tbd': undefined }, held: held(2),
      want: { kind: 'full', sequence: 3, fallback: 'delta-fetch' }, log: ['index.txt', 'demo-2-3.tbd', 'demo-3.tbl'] },
    { name: 'delta for another base: full', files: s[3], held: { bytes: pub.lists[1], sequence: 2 },
      want: { kind: 'full', sequence: 3, fallback: 'delta-apply' }, log: ['index.txt', 'demo-2-3.tbd', 'demo-3.tbl'] },
    { name: 'the index names the held sequence', files: s[3], held: held(3), want: { kind: 'unchanged' }, log: ['index.txt'] },
    { name: '304 on the index', files: s[3], held: held(3), validators: { etag: `"index.txt-${s[3]['index.txt'].length}"` },
      want: { kind: 'not-modified' }, log: ['index.txt'] },
    { name: 'plain list URL, as before indexes', files: { 'index.txt': pub.lists[2] }, held: held(1), want: { kind: 'full', sequence: 2 }, log: ['index.txt'] },
  ];
  const failed = [];
  for (const c of cases) {
    const srv = server(c.files);
    const r = await updateList({ url: `${BASE}index.txt`, held: c.held, validators: c.validators, publicKeys: DEMO_KEY }, deps(srv.fetchFile));
    const got = { ...summary(r), log: srv.log };
    const want = { sequence: undefined, fallback: undefined, ...c.want, log: c.log };
    try {
      assert.deepEqual(got, want);
      if (r.kind === 'delta') assert.deepEqual(r.bytes, pub.lists[want.sequence], 'the delta rebuilds the full file byte for byte');
      if (r.kind === 'full' || r.kind === 'delta') assert.equal(r.validators.etag, `"index.txt-${c.files['index.txt'].length}"`);
    } catch (err) {
      failed.push(`${c.name}\n    got  ${JSON.stringify(got)}\n    want ${JSON.stringify(want)}\n    ${err.message.split('\n')[0]}`);
    }
  }
  assert.deepEqual(failed, [], `${failed.length} of ${cases.length} cases failed`);
});

test('refusals: the held list stays with the caller, the error says why', async () => {
  const s = pub.states;
  const index3 = new TextDecoder().decode(s[3]['index.txt']);
  const cases = [
    { name: 'rolled-back index', files: s[2], held: { bytes: pub.lists[3], sequence: 3 }, code: 'index-older', detail: 'older', log: ['index.txt'] },
    { name: 'rolled back below the highest sequence seen', files: s[2], held: { bytes: pub.lists[1], sequence: 1 }, heldSequence: 3,
      code: 'index-older', log: ['index.txt'] },
    { name: 'index changed after signing', files: { ...s[3], 'index.txt': new TextEncoder().encode(index3.replace('min-interval 3600', 'min-interval 3601')) },
      held: null, code: 'index-refused', detail: 'bad-signature', log: ['index.txt'] },
    { name: 'index signed by another key', files: s[3], held: null, keys: other.otherKey, code: 'index-refused', detail: 'unknown-key', log: ['index.txt'] },
    { name: 'full file not the one the index names', files: { ...s[3], 'demo-3.tbl': flipped(s[3]['demo-3.tbl']) }, held: null,
      code: 'full-mismatch', log: ['index.txt', 'demo-3.tbl'] },
    { name: 'corrupt delta and corrupt full', files: { ...s[3], 'demo-2-3.tbd': flipped(s[3]['demo-2-3.tbd']), 'demo-3.tbl': flipped(s[3]['demo-3.tbl']) },
      held: { bytes: pub.lists[2], sequence: 2 }, code: 'full-mismatch', fallback: 'delta-mismatch', log: ['index.txt', 'demo-2-3.tbd', 'demo-3.tbl'] },
    { name: 'server down after the index', files: { 'index.txt': s[3]['index.txt'] }, held: { bytes: pub.lists[2], sequence: 2 },
      code: 'http', fallback: 'delta-fetch', log: ['index.txt', 'demo-2-3.tbd', 'demo-3.tbl'] },
    { name: 'server down', files: {}, held: { bytes: pub.lists[2], sequence: 2 }, code: 'http', log: ['index.txt'] },
    { name: 'plain list, tampered', files: { 'index.txt': flipped(pub.lists[3]) }, held: null, code: 'refused', log: ['index.txt'] },
  ];
  const failed = [];
  for (const c of cases) {
    const srv = server(c.files);
    let got;
    try {
      const r = await updateList(
        { url: `${BASE}index.txt`, held: c.held, heldSequence: c.heldSequence, publicKeys: c.keys ?? DEMO_KEY },
        deps(srv.fetchFile),
      );
      got = { resolved: r.kind };
    } catch (err) {
      got = { code: err.code, detail: c.detail && err.detail, fallback: err.fallback?.code, log: srv.log };
      if (err.code?.startsWith('index') || err.code === 'full-mismatch' || err.code === 'refused') assert.ok(err instanceof UpdateError, c.name);
    }
    const want = { code: c.code, detail: c.detail, fallback: c.fallback, log: c.log };
    try {
      assert.deepEqual(got, want);
    } catch {
      failed.push(`${c.name}\n    got  ${JSON.stringify(got)}\n    want ${JSON.stringify(want)}`);
    }
  }
  assert.deepEqual(failed, [], `${failed.length} of ${cases.length} cases failed`);
});

test('a page without Web Crypto: an index is refused with the reason, a plain list URL still works', async () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
  try {
    const index = server(pub.states[2]);
    await assert.rejects(updateList({ url: `${BASE}index.txt`, held: null, publicKeys: DEMO_KEY }, deps(index.fetchFile)),
      (err) => err instanceof UpdateError && err.code === 'index-refused' && err.detail === 'no-web-crypto');
    const plain = server({ 'index.txt': pub.lists[2] });
    const r = await updateList({ url: `${BASE}index.txt`, held: null, publicKeys: DEMO_KEY }, deps(plain.fetchFile));
    assert.equal(r.kind, 'full');
  } finally {
    if (saved) Object.defineProperty(globalThis, 'crypto', saved);
  }
});
