#!/usr/bin/env node
// One engine's checks in two (or more) builds of the package, loaded in one
// Node process and timed in turns, for "did this change slow the single
// engine?" on a machine whose speed swings (docs/benchmarks.md, "Several
// lists"):
//   node benches/wasm/engine-ab.mjs DIR PKG_A PKG_B [...]
// DIR holds list0.tbl, list.pub and the corpora (bench_lists writes them);
// each PKG is a `make build` www/pkg copied aside. Per package and check:
// the median over 12 rounds of a pass's per-call median (batches of 100),
// and the fastest pass.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, ...pkgs] = process.argv.slice(2);
if (!dir || pkgs.length < 2) {
  console.error('usage: engine-ab.mjs DIR PKG_A PKG_B [...]');
  process.exit(2);
}
const ROUNDS = 12;
const BATCH = 100;

const engines = [];
const key = readFileSync(join(dir, 'list.pub'), 'utf8').trim();
const list = new Uint8Array(readFileSync(join(dir, 'list0.tbl')));
for (const p of pkgs) {
  const m = await import(pathToFileURL(join(p, 'turnback.js')).href);
  await m.default({ module_or_path: readFileSync(join(p, 'turnback_bg.wasm')) });
  engines.push(m.TurnbackEngine.load(list, key, { now: 1 }));
}
// Flat strings, as a page hands them over (see run.js).
const flat = (s) => new TextDecoder().decode(new TextEncoder().encode(s));
const files = { checkUrl: 'urls.txt', checkQuery: 'queries.txt', checkNavigation: 'navigations.txt' };
const corpora = Object.fromEntries(
  Object.entries(files).map(([c, f]) => [c, readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map(flat)]),
);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** One pass over the check's corpus: the per-call median of its batches, ns. */
function pass(engine, check) {
  const xs = corpora[check];
  const samples = [];
  for (let i = 0; i + BATCH <= xs.length; i += BATCH) {
    const t = performance.now();
    for (let j = i; j < i + BATCH; j++) engine[check](xs[j]);
    samples.push(((performance.now() - t) * 1e6) / BATCH);
  }
  return median(samples);
}

const runs = engines.map(() => Object.fromEntries(Object.keys(corpora).map((c) => [c, []])));
for (const c of Object.keys(corpora)) engines.forEach((e) => pass(e, c));
for (let r = 0; r < ROUNDS; r++) {
  for (const c of Object.keys(corpora)) {
    for (let k = 0; k < engines.length; k++) {
      const i = (r + k) % engines.length;
      runs[i][c].push(pass(engines[i], c));
    }
  }
}
pkgs.forEach((p, i) => {
  const cells = Object.entries(runs[i]).map(
    ([c, xs]) => `${c} ${Math.round(median(xs))} ns (fastest ${Math.round(Math.min(...xs))})`,
  );
  console.log(`${p}: ${cells.join(', ')}`);
});
