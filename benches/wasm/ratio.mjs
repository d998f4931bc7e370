#!/usr/bin/env node
// Native, Node and Chromium in alternation on the same workload, for the
// "Wasm median within 3x of native" comparison.
//   node benches/wasm/ratio.mjs [ROUNDS [WORKLOAD_DIR [PKG_DIR]]]
//   (defaults 30, target/wasm-bench, www/pkg; both folders inside the repository)
// Needs `make build`, the workload (`make bench-wasm` writes both) and
// target/release/examples/bench_native (`make bench-ratio` builds it).
//
// The machine is a shared VM whose speed swings by up to 2x, for seconds or
// minutes, in every one of the three at once; ratios of runs made even half
// a minute apart say more about the machine than about the code. So each
// engine loads the list once and stays loaded (native: `bench_native
// --rounds`, a child process answering one line per request; Node: this
// process; Chromium: one page), and a round times, check by check, one pass
// over the check's corpus in each of the three, one right after the other
// (a tenth of a second or so; the order turns each round). Each round gives
// per check a Wasm/native ratio of medians measured moments apart; the
// table reports the median of those ratios with their quartiles, and each
// engine's median over rounds.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBenchPage } from './chromium-page.mjs';
import { prepareInNode } from './node-run.mjs';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const rounds = Number(process.argv[2] || 30);
const dir = resolve(process.argv[3] || join(REPO, 'target/wasm-bench'));
const pkg = resolve(process.argv[4] || join(REPO, 'www/pkg'));
const CHECKS = ['checkUrl', 'checkQuery', 'checkNavigation'];
const ENVS = ['native', 'node', 'chromium'];

/** bench_native --rounds: a check name in, one JSON line out. */
function startNative() {
  const child = spawn(join(REPO, 'target/release/examples/bench_native'), ['--rounds', dir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    round: async (check) => {
      child.stdin.write(`${check}\n`);
      const { value, done } = await lines.next();
      if (done) throw new Error('bench_native ended early');
      return JSON.parse(value);
    },
    close: () => child.stdin.end(),
  };
}

const runs = { native: [], node: [], chromium: [] };
const native = startNative();
let node = null;
let chromium = null;
try {
  node = await prepareInNode(pkg, dir);
  chromium = await openBenchPage(dir, pkg, { rounds: true });
  const run = {
    native: native.round,
    node: async (check) => node.round(check),
    chromium: (check) => chromium.page.evaluate((c) => window.benchRound(c), check),
  };
  for (let i = 0; i < rounds; i++) {
    const round = { native: {}, node: {}, chromium: {} };
    for (const check of CHECKS) {
      for (let k = 0; k < ENVS.length; k++) {
        const env = ENVS[(i + k) % ENVS.length];
        round[env][check] = await run[env](check);
      }
    }
    for (const env of ENVS) runs[env].push(round[env]);
    if ((i + 1) % 10 === 0) console.error(`ratio.mjs: round ${i + 1} of ${rounds} done`);
  }
} finally {
  native.close();
  node?.free();
  await chromium?.close();
}

const quartiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return [at(0.25), at(0.5), at(0.75)];
};
const medians = (env, check) => runs[env].map((r) => r[check].median);
const ratios = (env, check) => {
  const n = medians('native', check);
  return medians(env, check).map((x, i) => x / n[i]);
};
const time = (env, check) => Math.round(quartiles(medians(env, check))[1]);
const ratio = (env, check) => {
  const [q1, m, q3] = quartiles(ratios(env, check));
  return `**${m.toFixed(2)}×** (${q1.toFixed(2)}–${q3.toFixed(2)})`;
};

console.log(
  `Rounds: ${rounds}, in alternation. Time: median over rounds of each round's per-call median (batches of 100), ns. ` +
    'Ratio: median of the rounds\' Wasm/native ratios (quartiles).\n',
);
console.log('| check | native | Node | Chromium | Node / native | Chromium / native |');
console.log('|---|---|---|---|---|---|');
for (const c of CHECKS) {
  console.log(
    `| \`${c}\` | ${time('native', c)} | ${time('node', c)} | ${time('chromium', c)} | ${ratio('node', c)} | ${ratio('chromium', c)} |`,
  );
}
const fastest = (env, check) => Math.round(Math.min(...medians(env, check)));
console.log('\nFastest rounds (ns), native / Node / Chromium:');
for (const c of CHECKS) console.log(`- \`${c}\`: ${ENVS.map((e) => fastest(e, c)).join(' / ')}`);
const perRound = Object.fromEntries(ENVS.map((e) => [e, Object.fromEntries(CHECKS.map((c) => [c, medians(e, c).map(Math.round)]))]));
console.log(`\nEvery round's medians: ${JSON.stringify(perRound)}`);
