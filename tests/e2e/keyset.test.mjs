// The widget's key sets (`publicKey` as several keys): options and loading,
// with the real Wasm engine and CLI-made lists. Plain Node, no browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initSync } from '../../www/pkg/turnback.js';
import { verifyList } from '../../www/src/engine.js';
import { resolveOptions } from '../../www/src/options.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO, 'target/release/turnback');
const DEMO = join(REPO, 'data/demo');
const DEMO_KEY = readFileSync(join(DEMO, 'demo.pub'), 'utf8').trim();
let dir;
let next;

/** A list of the demo sources signed with `key`, at `sequence`. */
function list(name, key, sequence) {
  const out = join(dir, name);
  execFileSync(CLI, [
    'build', '--id', 'demo', '--sequence', String(sequence), '--urls', join(DEMO, 'urls.txt'),
    '--keywords', join(DEMO, 'keywords.txt'), '--meta', join(DEMO, 'meta.json'), '--key', key, '--out', out,
  ], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(out));
}

before(() => {
  initSync({ module: readFileSync(join(REPO, 'www/pkg/turnback_bg.wasm')) });
  dir = mkdtempSync(join(tmpdir(), 'turnback-keyset-'));
  execFileSync(CLI, ['keygen', '--out', join(dir, 'next'), '--no-passphrase'], { stdio: 'pipe' });
  next = readFileSync(join(dir, 'next/turnback.pub'), 'utf8').trim();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('publicKey: one key as before, or several (an array, or a key a line)', () => {
  const base = { list: '/l.tbl' };
  const hex = DEMO_KEY.split(' ').pop();
  assert.deepEqual(resolveOptions({ ...base, publicKey: ` ${DEMO_KEY}\n` }).lists[0].publicKeys, [hex]);
  assert.deepEqual(resolveOptions({ ...base, publicKey: [DEMO_KEY, 'ab'] }).lists[0].publicKeys, [hex, 'ab']);
  assert.deepEqual(resolveOptions({ ...base, publicKey: `${DEMO_KEY}\n${hex}` }).lists[0].publicKeys, [hex, hex]);
  for (const bad of [undefined, 42, [DEMO_KEY, 7], ['']]) {
    assert.throws(() => resolveOptions({ ...base, publicKey: bad }), /Turnback.load\(\): `publicKey`/, String(bad));
  }
});

test('a list signed by any key of the set loads; other refusals stay final', () => {
  const current = list('current.tbl', join(DEMO, 'demo.key'), 5);
  const rotated = list('rotated.tbl', join(dir, 'next/turnback.key'), 6);
  const set = resolveOptions({ list: '/l.tbl', publicKey: [DEMO_KEY, next] }).lists[0].publicKeys;
  assert.equal(verifyList(current, set).info().sequence, 5);
  assert.equal(verifyList(rotated, set).info().sequence, 6);
  assert.equal(verifyList(rotated, [...set].reverse()).info().sequence, 6);
  // The held sequence counts whichever key signed.
  assert.throws(() => verifyList(current, set, 6), /sequence 5 is older than the loaded list's 6/);
  const tampered = rotated.slice();
  tampered[Math.floor(tampered.length / 2)] ^= 1;
  assert.throws(() => verifyList(tampered, set), /list signature does not verify/);
  // One key alone: the engine's own message, as before.
  assert.throws(() => verifyList(rotated, [DEMO_KEY]), /not by the pinned key/);
  const stranger = resolveOptions({ list: '/l.tbl', publicKey: `${next}\n58${'66'.repeat(31)}` }).lists[0].publicKeys;
  assert.throws(() => verifyList(current, stranger), /^Error: list is signed by key [0-9a-f]{16}, not by any of the 2 pinned keys$/);
});
