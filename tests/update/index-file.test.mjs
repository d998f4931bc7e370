// The clients' index reader (www/src/update/index-file.js) over the table
// the Rust reader is tested with (tests/data/index-cases.json), signatures
// checked by the real Wasm module; and what the table cannot say.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initSync, verifyIndexSignature } from '../../www/pkg/turnback.js';
import { isIndex, keyIds, parseIndex, readIndex } from '../../www/src/update/index-file.js';
import { REPO } from '../extension/lists/fixtures.mjs';
import { bytesOf, doc, keys } from './cases.mjs';

initSync({ module: readFileSync(join(REPO, 'www/pkg/turnback_bg.wasm')) });

/**
 * An outcome in the table's terms.
 * @param {() => import('../../www/src/update/index-file.js').PublishIndex} read
 */
function outcome(read) {
  try {
    const i = read();
    return { ok: { sequence: i.sequence, created: i.created, minInterval: i.minInterval, full: i.full.name, deltas: i.deltas.length } };
  } catch (err) {
    const e = /** @type {any} */ (err);
    if (e?.name !== 'IndexError') throw err;
    return e.line === undefined ? { error: e.code } : { error: e.code, line: e.line };
  }
}

test('the shared cases read as the table says', async () => {
  const pinned = await keyIds([keys.key.publicHex]);
  assert.equal(pinned[0].keyId, keys.key.keyId, 'keyIds: the id src/list/keys.rs gives');
  assert.ok(doc.cases.length > 40, 'the table lost its cases');
  const failed = [];
  for (const c of doc.cases) {
    const got = outcome(() => readIndex(bytesOf(c), pinned, verifyIndexSignature, c.held ?? undefined));
    const want = c.wantJs ?? c.want;
    try {
      assert.deepEqual(got, want);
    } catch {
      failed.push(`${c.name}\n    got  ${JSON.stringify(got)}\n    want ${JSON.stringify(want)}`);
    }
  }
  assert.deepEqual(failed, [], `${failed.length} of ${doc.cases.length} cases failed`);
});

test('the Wasm signature check alone', () => {
  const good = bytesOf(doc.cases[0]);
  verifyIndexSignature(good, keys.key.publicHex);
  verifyIndexSignature(good, `turnback-public-key-v1 ${keys.key.publicHex}`);
  const cases = [
    ['another key', good, keys.other.publicHex, /index signature does not verify/],
    ['no key at all', good, 'nonsense', /not a turnback public key/],
    ['no signature line', good.subarray(0, good.lastIndexOf(10, good.length - 2) + 1), keys.key.publicHex, /missing signature line/],
    ['no final LF', good.subarray(0, good.length - 1), keys.key.publicHex, /does not end in a line feed/],
    ['one byte changed', Uint8Array.from(good, (b, i) => (i === 20 ? b ^ 1 : b)), keys.key.publicHex, /does not verify/],
  ];
  for (const [name, bytes, key, want] of cases) {
    assert.throws(() => verifyIndexSignature(/** @type {Uint8Array} */ (bytes), /** @type {string} */ (key)), want, String(name));
  }
});

test('an index is told from a list file by its first line', () => {
  const enc = (/** @type {string} */ s) => new TextEncoder().encode(s);
  const cases = [
    ['index', enc('turnback-index 1\nlist x\n'), true],
    ['header alone with LF', enc('turnback-index 1\n'), true],
    ['no LF', enc('turnback-index 1'), false],
    ['version 2', enc('turnback-index 2\n'), false],
    ['list magic', enc('TBCKLIST\0\0\0'), false],
    ['empty', new Uint8Array(0), false],
  ];
  for (const [name, bytes, want] of cases) assert.equal(isIndex(/** @type {Uint8Array} */ (bytes)), want, String(name));
});

test('a parsed index gives every field', () => {
  const i = parseIndex(bytesOf(doc.cases[0]));
  assert.deepEqual(i, {
    listId: 'demo-list',
    keyId: keys.key.keyId,
    sequence: 12,
    created: 1_900_000_000,
    minInterval: 3600,
    full: { name: 'demo-list-12.tbl', size: 5000, sha256: 'ab'.repeat(32) },
    deltas: [
      { from: 10, file: { name: 'demo-list-10-12.tbd', size: 300, sha256: 'ab'.repeat(32) } },
      { from: 11, file: { name: 'demo-list-11-12.tbd', size: 200, sha256: 'ab'.repeat(32) } },
    ],
  });
});
