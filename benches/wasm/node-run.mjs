// The benchmark (run.js) under Node: the package's glue and module read from
// PKG_DIR, the workload files from WORKLOAD_DIR. Shared by bench.mjs and
// ratio.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBench } from './run.js';

/** Runs `runBench` under Node; `options` go to it (batches, loads, log). */
export async function runInNode(pkg, dir, options) {
  const glue = await import(pathToFileURL(join(pkg, 'turnback.js')).href);
  return runBench({
    glue,
    wasm: readFileSync(join(pkg, 'turnback_bg.wasm')),
    fetchFile: async (name, as) => {
      const b = readFileSync(join(dir, name));
      return as === 'text' ? b.toString('utf8') : new Uint8Array(b.buffer, b.byteOffset, b.length);
    },
    ...options,
  });
}
