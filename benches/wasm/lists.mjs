#!/usr/bin/env node
// What checking several lists costs, native, under Node and in headless
// Chromium, side by side in one run (docs/benchmarks.md, "Several lists"):
//   cargo run --release --example bench_lists -- write target/lists-bench
//   cargo build --release --example bench_lists
//   node benches/wasm/lists.mjs [DIR [PKG]]
// DIR (default target/lists-bench) holds the five 1,000,000 + 1,000,000
// entry lists and the corpora bench_lists wrote; PKG defaults to www/pkg
// (`make build`). Each realm times one engine alone, a TurnbackLists of 1,
// 3 and 5 lists, and five engines checked one after another (what a client
// without the set does), timed as bench_native and run.js time: a warm-up
// pass, then three passes in batches of 100 calls, the median per call;
// the fastest of three such medians.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../../tests/e2e/chromium.mjs';
import { startServer } from '../../www/serve.mjs';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = resolve(process.argv[2] ?? 'target/lists-bench');
const pkg = resolve(process.argv[3] ?? join('www', 'pkg'));
const LISTS = 5;
const CORPORA = { checkUrl: 'urls.txt', checkQuery: 'queries.txt', checkNavigation: 'navigations.txt' };

function join(...parts) {
  return parts.join('/');
}

/**
 * Times every configuration in whatever realm `m` (the package) lives:
 * Node's, or the page's, where `m` and `files` are the globals the page
 * set up. Kept free of closures over this module so that it runs as page
 * code too. The set takes the engines it is given, so the separate
 * engines are timed first, then the set of 5, of 3 and of 1 (removing
 * lists from the end).
 */
function timeLists({ m = globalThis.benchModule, files = globalThis.benchFiles }) {
  const BATCH = 100;
  const PASSES = 3;
  // Flat strings, as a page hands them over (see run.js).
  const flat = (s) => new TextDecoder().decode(new TextEncoder().encode(s));
  const corpora = Object.fromEntries(
    Object.entries(files.corpora).map(([c, t]) => [c, t.split('\n').filter(Boolean).map(flat)]),
  );
  const time = (call, corpus) => {
    for (const input of corpus) call(input);
    const samples = [];
    for (let p = 0; p < PASSES; p++) {
      for (let i = 0; i + BATCH <= corpus.length; i += BATCH) {
        const t = performance.now();
        for (let j = i; j < i + BATCH; j++) call(corpus[j]);
        samples.push(((performance.now() - t) * 1e6) / BATCH);
      }
    }
    samples.sort((a, b) => a - b);
    return Math.round(samples[samples.length >> 1]);
  };
  // The machine is shared and its speed swings: the fastest of three
  // medians says more about the code than one.
  const best = (call, corpus) => Math.min(time(call, corpus), time(call, corpus), time(call, corpus));
  const timeAll = (checker) =>
    Object.fromEntries(Object.keys(corpora).map((c) => [c, best((x) => checker(c, x), corpora[c])]));
  const load = (bytes) => m.TurnbackEngine.load(bytes, files.key, { now: 1 });
  const engines = files.lists.map(load);
  const out = {};
  out['engine alone'] = timeAll((c, x) => engines[0][c](x).matched);
  out['5 engines one after another'] = timeAll((c, x) => engines.some((e) => e[c](x).matched));
  const set = new m.TurnbackLists();
  engines.forEach((e, i) => set.put(`l${i}`, e));
  const bySet = (c, x) => set[c](x).matched;
  out['set of 5'] = timeAll(bySet);
  set.remove('l4');
  set.remove('l3');
  out['set of 3'] = timeAll(bySet);
  set.remove('l2');
  set.remove('l1');
  out['set of 1'] = timeAll(bySet);
  set.free();
  return out;
}

const native = JSON.parse(
  execFileSync(join(REPO, 'target/release/examples/bench_lists'), ['time', dir], { encoding: 'utf8' }),
);

const files = {
  lists: Array.from({ length: LISTS }, (_, n) => new Uint8Array(readFileSync(join(dir, `list${n}.tbl`)))),
  key: readFileSync(join(dir, 'list.pub'), 'utf8').trim(),
  corpora: Object.fromEntries(Object.entries(CORPORA).map(([c, f]) => [c, readFileSync(join(dir, f), 'utf8')])),
};
const node = await import(pathToFileURL(join(pkg, 'turnback.js')).href);
await node.default({ module_or_path: readFileSync(join(pkg, 'turnback_bg.wasm')) });
const inNode = timeLists({ m: node, files });
files.lists = null;

const server = await startServer({ port: 0, host: '127.0.0.1', root: REPO });
// Cross-origin isolated for a 5 µs timer, as chromium-page.mjs serves.
server.prependListener('request', (_req, res) => {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
});
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
let inChromium;
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/benches/wasm/bench.html`);
  const url = (p) => `${origin}/${relative(REPO, p).split('\\').join('/')}`;
  await page.evaluate(
    async ({ pkgUrl, listUrls, corpusUrls, key }) => {
      const m = await import(`${pkgUrl}/turnback.js`);
      await m.default();
      const get = (u) => fetch(u).then((r) => r.arrayBuffer());
      const lists = await Promise.all(listUrls.map(async (u) => new Uint8Array(await get(u))));
      const corpora = {};
      for (const [c, u] of Object.entries(corpusUrls)) corpora[c] = await (await fetch(u)).text();
      Object.assign(globalThis, { benchModule: m, benchFiles: { lists, key, corpora } });
    },
    {
      pkgUrl: url(pkg),
      listUrls: Array.from({ length: LISTS }, (_, n) => url(join(dir, `list${n}.tbl`))),
      corpusUrls: Object.fromEntries(Object.entries(CORPORA).map(([c, f]) => [c, url(join(dir, f))])),
      key: files.key,
    },
  );
  inChromium = await page.evaluate(timeLists, {});
} finally {
  await browser.close();
  server.close();
}

const CONFIGS = ['engine alone', 'set of 1', 'set of 3', 'set of 5', '5 engines one after another'];
const realms = [
  ['native', native],
  ['Node', inNode],
  [`Chromium ${browser.version()}`, inChromium],
];
console.log('Per call, ns: the fastest of three medians (batches of 100, 10,000 inputs, 1 % hits spread over the five lists).\n');
console.log(`| lists | ${realms.map(([r]) => Object.keys(CORPORA).map((c) => `${r}: \`${c}\``).join(' | ')).join(' | ')} |`);
console.log(`|---|${realms.map(() => '---:|---:|---:').join('|')}|`);
for (const config of CONFIGS) {
  const cells = realms.map(([, t]) => Object.keys(CORPORA).map((c) => t[config][c]).join(' | '));
  console.log(`| ${config} | ${cells.join(' | ')} |`);
}
