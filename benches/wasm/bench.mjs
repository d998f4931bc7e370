#!/usr/bin/env node
// The Wasm engine under Node on the native bench's workload.
//   node benches/wasm/bench.mjs [WORKLOAD_DIR [PKG_DIR]]
//   (defaults target/wasm-bench and www/pkg)
// Needs `make build` (www/pkg) and the workload files (`make bench-wasm` does both).

import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNode } from './node-run.mjs';
import { formatTable } from './run.js';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = resolve(process.argv[2] || join(REPO, 'target/wasm-bench'));
const pkg = resolve(process.argv[3] || join(REPO, 'www/pkg'));
const rssBefore = process.memoryUsage().rss;

const result = await runInNode(pkg, dir, {
  batches: [1, 100],
  log: (m) => console.error(`bench.mjs: ${m}`),
});
const rss = process.memoryUsage().rss;

console.log(
  formatTable(result, {
    title: `Node ${process.version}`,
    extra: [
      ['process RSS before / after', `${(rssBefore / 1e6).toFixed(1)} MB / ${(rss / 1e6).toFixed(1)} MB`],
    ],
  }),
);
