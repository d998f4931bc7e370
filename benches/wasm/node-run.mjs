// The benchmark (run.js) under Node: the package's glue and module read from
// PKG_DIR, the workload files from WORKLOAD_DIR. Shared by bench.mjs and
// ratio.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareRounds, runBench } from './run.js';

async function nodeSource(pkg, dir) {
  return {
    glue: await import(pathToFileURL(join(pkg, 'turnback.js')).href),
    wasm: readFileSync(join(pkg, 'turnback_bg.wasm')),
    fetchFile: async (name, as) => {
      const b = readFileSync(join(dir, name));
      return as === 'text' ? b.toString('utf8') : new Uint8Array(b.buffer, b.byteOffset, b.length);
    },
  };
}

/** Runs `runBench` under Node; `options` go to it (batches, loads, log). */
export async function runInNode(pkg, dir, options) {
  return runBench({ ...(await nodeSource(pkg, dir)), ...options });
}

/** `prepareRounds` under Node. */
export async function prepareInNode(pkg, dir) {
  return prepareRounds(await nodeSource(pkg, dir));
}
