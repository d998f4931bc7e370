#!/usr/bin/env node
// Native, Node and Chromium by turns on the same workload, for the "Wasm
// within 3x of native" comparison. The machine is a shared VM whose speed
// swings by up to 2x for minutes at a time (every one of the three, at
// once), so single runs made at different moments cannot be compared: each
// round runs the three one after the other, and the table reports, per
// check, the fastest and the median of the rounds' medians.
//   node benches/wasm/ratio.mjs [ROUNDS [WORKLOAD_DIR]]   (default 5)
// Needs `make build` and the workload (`make bench-wasm` writes both), and
// target/release/examples/bench_native (`make bench-ratio` builds it).

import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNode } from './node-run.mjs';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const rounds = Number(process.argv[2] || 5);
const dir = resolve(process.argv[3] || join(REPO, 'target/wasm-bench'));
const pkg = join(REPO, 'www/pkg');
const CHECKS = ['checkUrl', 'checkQuery', 'checkNavigation'];

const native = () =>
  JSON.parse(execFileSync(join(REPO, 'target/release/examples/bench_native'), [dir], { encoding: 'utf8' }));

async function node() {
  const r = await runInNode(pkg, dir, { batches: [100], loads: 1 });
  return Object.fromEntries(r.checks.map((c) => [c.method, c.timings[100]]));
}

function chromium() {
  // chromium.mjs prints the markdown table; its rows carry the medians.
  const out = execFileSync(process.execPath, [join(REPO, 'benches/wasm/chromium.mjs'), dir], { encoding: 'utf8' });
  const ns = (s) => (s.endsWith('µs') ? parseFloat(s) * 1000 : parseFloat(s));
  const got = {};
  for (const line of out.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = cells[1]?.replaceAll('`', '');
    if (CHECKS.includes(name)) got[name] = { median: ns(cells[3]), p99: ns(cells[4]) };
  }
  return got;
}

const runs = { native: [], node: [], chromium: [] };
for (let i = 0; i < rounds; i++) {
  runs.native.push(native());
  runs.node.push(await node());
  runs.chromium.push(chromium());
  console.error(`ratio.mjs: round ${i + 1} of ${rounds} done`);
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const stat = (env, check) => {
  const xs = sorted(runs[env].map((r) => r[check].median));
  return { min: xs[0], median: xs[Math.floor(xs.length / 2)] };
};
console.log(`Rounds: ${rounds}; per-call medians of batches of 100, ns (fastest round / median round)\n`);
console.log('| check | native | Node | ratio | Chromium | ratio |');
console.log('|---|---|---|---|---|---|');
for (const c of CHECKS) {
  const [n, j, b] = ['native', 'node', 'chromium'].map((e) => stat(e, c));
  const r = (x) => `${(x.min / n.min).toFixed(1)}× / ${(x.median / n.median).toFixed(1)}×`;
  const v = (x) => `${Math.round(x.min)} / ${Math.round(x.median)}`;
  console.log(`| \`${c}\` | ${v(n)} | ${v(j)} | ${r(j)} | ${v(b)} | ${r(b)} |`);
}
console.log(`\nEvery round: ${JSON.stringify(runs)}`);
