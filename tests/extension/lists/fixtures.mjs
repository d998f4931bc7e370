// Signed test lists made with the CLI in a temporary folder: newer, older,
// another key's, expired, tampered and truncated. Synthetic entries only:
// the demo sources plus one made-up phrase that only the newer lists hold.
// Shared by the Node unit tests and the browser tests. Not a test file.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI = join(REPO, 'target/release/turnback');
export const DEMO = join(REPO, 'data/demo');
export const DEMO_KEY = readFileSync(join(DEMO, 'demo.pub'), 'utf8').trim();
/** A phrase only the newer test lists hold (made up, like the demo entries). */
export const NEW_PHRASE = 'plonkwhistle demo phrase';
/** A phrase only the list signed by the other key holds. */
export const OTHER_PHRASE = 'wobblegrint demo phrase';

/**
 * One signed test list in `dir`: the demo sources plus `extra` phrases.
 * @param {string} dir
 * @param {{ out: string, sequence: number, expires?: string, key?: string, extra?: string[] }} options
 *   expires: CLI syntax (30d, 8s)
 * @returns {Uint8Array}
 */
export function buildList(dir, { out, sequence, expires = '30d', key = join(DEMO, 'demo.key'), extra = [] }) {
  const keywords = join(dir, `${out}.keywords.txt`);
  writeFileSync(keywords, [readFileSync(join(DEMO, 'keywords.txt'), 'utf8'), ...extra, ''].join('\n'));
  const file = join(dir, out);
  execFileSync(CLI, [
    'build', '--id', 'demo', '--sequence', String(sequence), '--expires', expires,
    '--urls', join(DEMO, 'urls.txt'), '--keywords', keywords, '--rules', join(DEMO, 'rules.txt'),
    '--meta', join(DEMO, 'meta.json'), '--key', key, '--out', file,
  ], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(file));
}

/**
 * Builds every test list. `expired` expires one second after it is built:
 * wait (or move the injected clock) before offering it.
 * @returns {{ dir: string, otherKey: string, lists: Record<string, Uint8Array>, cleanup(): void }}
 */
export function makeLists() {
  const dir = mkdtempSync(join(tmpdir(), 'turnback-lists-'));
  execFileSync(CLI, ['keygen', '--out', join(dir, 'other'), '--no-passphrase'], { stdio: 'pipe' });
  const otherKey = readFileSync(join(dir, 'other/turnback.pub'), 'utf8').trim();
  const lists = {
    seq1: buildList(dir, { out: 'seq1.tbl', sequence: 1 }),
    seq2: buildList(dir, { out: 'seq2.tbl', sequence: 2, extra: [NEW_PHRASE] }),
    seq3: buildList(dir, { out: 'seq3.tbl', sequence: 3, extra: [NEW_PHRASE] }),
    expired: buildList(dir, { out: 'expired.tbl', sequence: 10, expires: '1s', extra: [NEW_PHRASE] }),
    otherKey: buildList(dir, { out: 'other.tbl', sequence: 20, key: join(dir, 'other/turnback.key'), extra: [OTHER_PHRASE] }),
  };
  // Tampered: one bit of the entry tables flipped, past the header.
  lists.tampered = new Uint8Array(lists.seq3);
  lists.tampered[Math.floor(lists.tampered.length / 2)] ^= 1;
  // Truncated: an honest response that is only the first half of the file.
  lists.truncated = lists.seq3.slice(0, Math.floor(lists.seq3.length / 2));
  return { dir, otherKey, lists, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
