// Runs the Wasm benchmark in the page bench.html, served from the repository
// root: ?dir=/target/wasm-bench/ names the workload folder, and ?pkg= the
// built package (default /www/pkg/), so two builds can be compared; with
// ?rounds it only loads and leaves window.benchRound(method) to its driver.
import { formatTable, prepareRounds, runBench } from './run.js';

const out = document.getElementById('out');
const params = new URLSearchParams(location.search);
const dir = params.get('dir') || '/target/wasm-bench/';
const pkg = new URL(params.get('pkg') || '/www/pkg/', location.href);

async function main() {
  const source = {
    glue: await import(new URL('turnback.js', pkg).href),
    wasm: new URL('turnback_bg.wasm', pkg),
    fetchFile: async (name, as) => {
      const res = await fetch(new URL(name, new URL(dir, location.href)));
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      return as === 'text' ? res.text() : new Uint8Array(await res.arrayBuffer());
    },
  };
  // ?rounds: ratio.mjs calls window.benchRound(method) itself, between native runs.
  if (params.has('rounds')) {
    const bench = await prepareRounds(source);
    window.benchRound = bench.round;
    out.textContent = 'ready for rounds';
    window.benchResult = { rounds: true };
    return;
  }
  const result = await runBench({
    ...source,
    batches: [100],
    log: (m) => (out.textContent += `\n${m}`),
  });
  result.crossOriginIsolated = globalThis.crossOriginIsolated === true;
  out.textContent = formatTable(result);
  window.benchResult = result;
}

main().catch((e) => {
  window.benchError = String(e && e.stack ? e.stack : e);
  out.textContent = window.benchError;
});
