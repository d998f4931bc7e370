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

/**
 * nginx serving a publish directory (makePublished) one release at a time,
 * and its access log read step by step: shared by the delta tests of the
 * extension (Chromium, Firefox) and the widget.
 * @param {{ put(name: string, bytes: Uint8Array): void, remove(name: string): void,
 *   requests(): { path: string, status: number, ifNoneMatch: string }[] }} nginx startNginx's server
 * @param {{ states: Record<number, Record<string, Uint8Array>> }} pub makePublished's releases
 * @param {{ waitFor: (fn: () => unknown, what: string) => Promise<unknown> }} deps the test's wait helper
 */
export function publishedOn(nginx, pub, { waitFor }) {
  let served = new Set();
  let seen = 0;
  return {
    /**
     * Serves the directory as it was after release `state`, with `changes`
     * (file name → bytes); files of the release before are removed.
     * @param {number} state
     * @param {Record<string, Uint8Array>} [changes]
     */
    serve(state, changes = {}) {
      const files = { ...pub.states[state], ...changes };
      for (const name of served) if (!(name in files)) nginx.remove(name);
      // The index last, as a publisher uploads (docs/publishing.md, "Uploading").
      for (const [name, bytes] of Object.entries(files)) if (name !== 'index.txt') nginx.put(name, bytes);
      nginx.put('index.txt', files['index.txt']);
      served = new Set(Object.keys(files));
    },
    /**
     * The files fetched since the last call: `name status`, with `?` after
     * the name when the request was conditional. nginx logs a request just
     * after its response has gone out, so this first waits for at least
     * `count` new lines.
     * @param {number} count
     * @returns {Promise<string[]>}
     */
    async fetched(count) {
      await waitFor(() => nginx.requests().length >= seen + count, `${count} new lines in nginx's access log`);
      const all = nginx.requests();
      const got = all.slice(seen).map((r) => `${r.path.slice(1)}${r.ifNoneMatch ? '?' : ''} ${r.status}`);
      seen = all.length;
      return got;
    },
  };
}
