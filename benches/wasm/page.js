// Runs the Wasm benchmark in the page bench.html, served from the repository
// root: ?dir=/target/wasm-bench/ names the workload folder.
import { formatTable, runBench } from './run.js';

const out = document.getElementById('out');
const dir = new URLSearchParams(location.search).get('dir') || '/target/wasm-bench/';

async function main() {
  const glue = await import('/www/pkg/turnback.js');
  const result = await runBench({
    glue,
    wasm: new URL('/www/pkg/turnback_bg.wasm', location.href),
    fetchFile: async (name, as) => {
      const res = await fetch(new URL(name, new URL(dir, location.href)));
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      return as === 'text' ? res.text() : new Uint8Array(await res.arrayBuffer());
    },
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
