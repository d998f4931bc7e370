// The Wasm benchmark's timing code, shared by Node (bench.mjs) and Chromium
// (bench.html + page.js, driven by chromium.mjs). Browser-compatible: no Node
// imports; the caller passes the loaded glue module and a `fetchFile`.
//
// The workload is the native bench's (benches/workload.rs), written as files
// by `cargo run --release --example bench_workload -- DIR`.

const CHECKS = [
  ['checkUrl', 'urls.txt'],
  ['checkQuery', 'queries.txt'],
  ['checkNavigation', 'navigations.txt'],
];

const median = (xs) => quantile(xs, 0.5);

// Inputs as a page or the browser hands them over (an input's value, an
// event's URL) are flat strings; `split` makes slices of the one file
// string instead, which V8 reads more slowly (the string reader's ASCII
// loop: 1.2-1.8x in Chromium). Decoding a copy makes each line flat.
const decoder = new TextDecoder();
const encoder = new TextEncoder();
const flat = (s) => decoder.decode(encoder.encode(s));

function quantile(xs, q) {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/**
 * Times `checks` per sample: `batch` consecutive calls per `performance.now()`
 * pair, per-call time = sample / batch. One warm-up pass unless `warm` is
 * false, then `passes`.
 */
function timeCheck(engine, method, corpus, batch, passes, warm = true) {
  const call = engine[method].bind(engine);
  if (warm) for (const input of corpus) call(input);
  const samples = [];
  for (let p = 0; p < passes; p++) {
    for (let i = 0; i + batch <= corpus.length; i += batch) {
      const t = performance.now();
      for (let j = i; j < i + batch; j++) call(corpus[j]);
      samples.push(((performance.now() - t) * 1e6) / batch);
    }
  }
  return { median: median(samples), p99: quantile(samples, 0.99), samples: samples.length };
}

/**
 * Runs the benchmark. `glue`: the `www/pkg/turnback.js` module; `wasm`: what
 * its `init` takes as `module_or_path`; `fetchFile(name, 'bytes'|'text')`
 * reads a workload file. `batches`: batch sizes to time (1 = single calls).
 */
export async function runBench({ glue, wasm, fetchFile, batches = [100], passes = 3, loads = 5, log = () => {} }) {
  const exports = await glue.default({ module_or_path: wasm });
  const memory = exports.memory;
  const list = await fetchFile('list.tbl', 'bytes');
  const key = (await fetchFile('list.pub', 'text')).trim();
  const now = 1;

  const loadMs = [];
  let engine = null;
  let memoryAfterLoad = 0;
  for (let i = 0; i < loads; i++) {
    if (engine) engine.free();
    const t = performance.now();
    engine = glue.TurnbackEngine.load(list, key, { now });
    loadMs.push(performance.now() - t);
    if (i === 0) memoryAfterLoad = memory.buffer.byteLength;
  }
  const info = engine.info();
  log(`list loaded: ${info.urlEntries} url + ${info.keywordEntries} keyword entries, ${info.bytes} bytes`);

  const checks = [];
  for (const [method, file] of CHECKS) {
    const corpus = await readCorpus(fetchFile, file);
    let hits = 0;
    for (const input of corpus) if (engine[method](input).matched) hits++;
    const timings = {};
    for (const b of batches) timings[b] = timeCheck(engine, method, corpus, b, passes);
    checks.push({ method, inputs: corpus.length, hits, timings });
    log(`${method}: done`);
  }
  const result = {
    listBytes: list.length,
    info,
    loadMs: median(loadMs),
    loadRuns: loadMs,
    memoryAfterLoad,
    memoryAtEnd: memory.buffer.byteLength,
    batches,
    passes,
    checks,
  };
  engine.free();
  return result;
}

async function readCorpus(fetchFile, file) {
  return (await fetchFile(file, 'text')).split('\n').filter((l) => l.length > 0).map(flat);
}

/**
 * Loads the list and the corpora once, warms up, and returns `round(method)`:
 * one pass over that check's corpus in batches of 100, `{ median, p99 }`.
 * For running native and Wasm in alternation (ratio.mjs), where a machine
 * whose speed drifts affects both alike.
 */
export async function prepareRounds({ glue, wasm, fetchFile }) {
  await glue.default({ module_or_path: wasm });
  const list = await fetchFile('list.tbl', 'bytes');
  const key = (await fetchFile('list.pub', 'text')).trim();
  const engine = glue.TurnbackEngine.load(list, key, { now: 1 });
  const corpora = new Map();
  for (const [method, file] of CHECKS) {
    const corpus = await readCorpus(fetchFile, file);
    for (const input of corpus) engine[method](input);
    corpora.set(method, corpus);
  }
  return {
    round: (method) => timeCheck(engine, method, corpora.get(method), 100, 1, false),
    free: () => engine.free(),
  };
}

const ns = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} µs` : `${Math.round(x)} ns`);
const mb = (x) => `${(x / 1e6).toFixed(1)} MB`;

/** The result as markdown, like the native bench's table. */
export function formatTable(r, { title, extra = [] } = {}) {
  const out = [];
  if (title) out.push(`### ${title}`, '');
  out.push('| list | value |', '|---|---|');
  out.push(`| loaded: signature verified (median of ${r.loadRuns.length}) | ${r.loadMs.toFixed(1)} ms |`);
  out.push(`| list file | ${mb(r.listBytes)} (${r.info.urlEntries} url + ${r.info.keywordEntries} keyword entries) |`);
  out.push(`| Wasm memory after the first load | ${mb(r.memoryAfterLoad)} |`);
  out.push(`| Wasm memory at the end (after ${r.loadRuns.length} loads) | ${mb(r.memoryAtEnd)} |`);
  for (const [k, v] of extra) out.push(`| ${k} | ${v} |`);
  out.push('');
  const head = ['check', 'hits'];
  for (const b of r.batches) {
    const how = b === 1 ? 'single calls' : `batches of ${b}`;
    head.push(`median (${how})`, `p99 (${how})`);
  }
  out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const c of r.checks) {
    const row = [`\`${c.method}\``, `${c.hits} / ${c.inputs}`];
    for (const b of r.batches) row.push(ns(c.timings[b].median), ns(c.timings[b].p99));
    out.push(`| ${row.join(' | ')} |`);
  }
  out.push(
    '',
    `Per-call times from \`performance.now()\` around each sample, ${r.passes} passes of each corpus after a warm-up pass; ` +
      'with batches, each sample is the mean of that many consecutive calls, so the p99 is of batch means (it hides single-call outliers).',
  );
  return out.join('\n');
}
