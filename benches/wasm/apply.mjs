#!/usr/bin/env node
// How long a device takes to apply a delta to a 1,000,000-entry list and
// load the result (signature verified), under Node and in headless Chromium,
// side by side in one run (docs/benchmarks.md, "Delta updates"):
//   cargo run --release --example bench_delta -- target/delta-bench
//   node benches/wasm/apply.mjs target/delta-bench [PKG]
// DIR holds base.tbl, small.tbd / large.tbd (1,000 and 10,000 entries added
// and removed) and list.pub, as bench_delta writes them; PKG defaults to
// www/pkg (`make build`).

import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../../tests/e2e/chromium.mjs';
import { startServer } from '../../www/serve.mjs';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = resolve(process.argv[2] ?? 'target/delta-bench');
const pkg = resolve(process.argv[3] ?? join('www', 'pkg'));
const ROUNDS = 7;
const DELTAS = ['small', 'large'];

function join(...parts) {
  return parts.join('/');
}

/**
 * Times `applyDelta` alone and with the load of its result, `rounds` times
 * each, in whatever realm `m` (the package) lives: Node's, or the page's,
 * where `m` and `files` are the globals the page set up. Kept free of
 * closures over this module so that it runs as page code too.
 */
async function timeApply({ rounds, m = globalThis.benchModule, files = globalThis.benchFiles }) {
  const now = () => performance.now();
  const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
  const out = {};
  for (const [name, delta] of Object.entries(files.deltas)) {
    const apply = [];
    const total = [];
    for (let i = 0; i < rounds; i++) {
      let t = now();
      const bytes = m.applyDelta(files.base, delta);
      apply.push(now() - t);
      t = now();
      const e = m.TurnbackEngine.load(m.applyDelta(files.base, delta), files.key, { heldSequence: 1 });
      total.push(now() - t);
      e.free();
      if (bytes.length === 0) throw new Error('empty result');
    }
    out[name] = { apply: med(apply), total: med(total) };
  }
  return out;
}

const files = {
  base: new Uint8Array(readFileSync(join(dir, 'base.tbl'))),
  key: readFileSync(join(dir, 'list.pub'), 'utf8').trim(),
  deltas: Object.fromEntries(DELTAS.map((n) => [n, new Uint8Array(readFileSync(join(dir, `${n}.tbd`)))])),
};

const node = await import(pathToFileURL(join(pkg, 'turnback.js')).href);
await node.default({ module_or_path: readFileSync(join(pkg, 'turnback_bg.wasm')) });
const inNode = await timeApply({ m: node, files, rounds: ROUNDS });

const server = await startServer({ port: 0, host: '127.0.0.1', root: REPO });
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
let inChromium;
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/benches/wasm/bench.html`);
  const url = (p) => `${origin}/${relative(REPO, p).split('\\').join('/')}`;
  await page.evaluate(
    async ({ pkgUrl, baseUrl, deltaUrls, key }) => {
      const m = await import(`${pkgUrl}/turnback.js`);
      await m.default();
      const bytes = async (u) => new Uint8Array(await (await fetch(u)).arrayBuffer());
      const deltas = {};
      for (const [n, u] of Object.entries(deltaUrls)) deltas[n] = await bytes(u);
      Object.assign(globalThis, { benchModule: m, benchFiles: { base: await bytes(baseUrl), key, deltas } });
    },
    {
      pkgUrl: url(pkg),
      baseUrl: url(join(dir, 'base.tbl')),
      deltaUrls: Object.fromEntries(DELTAS.map((n) => [n, url(join(dir, `${n}.tbd`))])),
      key: files.key,
    },
  );
  inChromium = await page.evaluate(timeApply, { rounds: ROUNDS });
} finally {
  await browser.close();
  server.close();
}

const ms = (v) => `${v.toFixed(1)} ms`;
console.log(`| delta | Node: apply | Node: apply + load | Chromium ${browser.version()}: apply | Chromium: apply + load |`);
console.log('|---|---:|---:|---:|---:|');
for (const n of DELTAS) {
  console.log(`| ${n} | ${ms(inNode[n].apply)} | ${ms(inNode[n].total)} | ${ms(inChromium[n].apply)} | ${ms(inChromium[n].total)} |`);
}
