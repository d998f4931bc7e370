// Drops the doc comments wasm-bindgen copies from the Rust sources into the
// JS glue (www/pkg/turnback.js). They are in the generated turnback.d.ts as
// well, which is where editors and tsc read them; in the glue they only
// weigh on every page that loads the widget (1.7 KB gzipped of 6.2 KB).
// Only whole-line `/** … */` blocks go: code, strings and the
// `@ts-self-types` directive stay. Run by `make wasm` after wasm-bindgen.
//   node www/build/strip-glue-docs.mjs www/pkg/turnback.js

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The glue without its doc-comment blocks.
 * @param {string} source
 * @returns {string}
 */
export function stripGlueDocs(source) {
  return source.replace(/^[ \t]*\/\*\*(?:[^*]|\*(?!\/))*\*\/[ \t]*\n/gm, '');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node www/build/strip-glue-docs.mjs GLUE.js');
    process.exit(2);
  }
  writeFileSync(file, stripGlueDocs(readFileSync(file, 'utf8')));
}
