// Publish directories made with the CLI (`turnback publish`, demo key) for
// the update tests: releases 1 to 4 (or more) of the demo list, each published in
// turn into one directory, with a copy of the directory as it was after each
// release. Synthetic entries only. Not a test file.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, DEMO, NEW_PHRASE, buildList } from '../extension/lists/fixtures.mjs';

/** A phrase only releases 3 and 4 hold (made up, like the demo entries). */
export const THIRD_PHRASE = 'quibblefrond demo phrase';

/**
 * Releases 1 to `releases` published with `--keep keep`: `states[n]` is the
 * directory after release n (files by name → bytes), `lists[n]` release n's
 * list file.
 * @param {{ keep?: number, minInterval?: string, releases?: number }} [options]
 */
export function makePublished({ keep = 2, minInterval = '1h', releases = 4 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'turnback-publish-'));
  const out = join(dir, 'public');
  /** @type {Record<number, Uint8Array>} */
  const lists = {};
  /** @type {Record<number, Record<string, Uint8Array>>} */
  const states = {};
  /** @type {Record<number, string>} */
  const dirs = {};
  for (let n = 1; n <= releases; n += 1) {
    const extra = n === 1 ? [] : n === 2 ? [NEW_PHRASE] : [NEW_PHRASE, THIRD_PHRASE];
    lists[n] = buildList(dir, { out: `r${n}.tbl`, sequence: n, extra });
    execFileSync(CLI, ['publish', '--list', join(dir, `r${n}.tbl`), '--key', join(DEMO, 'demo.key'), '--out', out,
      '--keep', String(keep), '--min-interval', minInterval], { stdio: 'pipe' });
    dirs[n] = join(dir, `state-${n}`);
    cpSync(out, dirs[n], { recursive: true });
    states[n] = Object.fromEntries(readdirSync(out).map((f) => [f, new Uint8Array(readFileSync(join(out, f)))]));
  }
  return { dir, out, lists, states, dirs, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
