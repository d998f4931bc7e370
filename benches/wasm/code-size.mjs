#!/usr/bin/env node
// Code size of the Wasm module by crate (or module path), from its name
// section: what to cut to meet the size budget (docs/benchmarks.md, "Wasm size").
//   node benches/wasm/code-size.mjs MODULE.wasm [DEPTH]
// MODULE is wasm-bindgen's output before wasm-opt, which drops the names:
//   wasm-bindgen --target web --out-dir DIR target/wasm32-unknown-unknown/wasm-release/turnback.wasm
// DEPTH (default 1) splits core, alloc, std and turnback by that many path
// segments (3: `turnback::text::fold`). Each group is gzipped alone, so the
// gzipped sizes add up to more than the module's.

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const SPLIT = new Set(['core', 'alloc', 'std', 'turnback']);
const SECTION = { import: 2, code: 10, data: 11, custom: 0 };
const IMPORT_FUNCTION = 0;

/** Reads the sections the sizes need: function bodies, their names, data. */
function readModule(bytes) {
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let b;
    do {
      b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return value;
  };
  const name = () => {
    const len = leb();
    const s = bytes.subarray(at, at + len).toString();
    at += len;
    return s;
  };
  const limits = () => {
    const flags = leb();
    leb();
    if (flags & 1) leb();
  };
  let importedFunctions = 0;
  const bodies = [];
  const names = new Map();
  let data = bytes.subarray(0, 0);
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === SECTION.import) {
      for (let n = leb(); n > 0; n--) {
        name();
        name();
        const kind = bytes[at++];
        if (kind === IMPORT_FUNCTION) {
          leb();
          importedFunctions++;
        } else if (kind === 1) {
          at++; // table: element type, then limits
          limits();
        } else if (kind === 2) {
          limits();
        } else {
          at += 2; // global: value type and mutability
        }
      }
    } else if (id === SECTION.code) {
      for (let n = leb(); n > 0; n--) {
        const len = leb();
        bodies.push(bytes.subarray(at, at + len));
        at += len;
      }
    } else if (id === SECTION.data) {
      data = bytes.subarray(at, end);
    } else if (id === SECTION.custom && name() === 'name') {
      while (at < end) {
        const sub = bytes[at++];
        const subEnd = leb() + at;
        if (sub === 1) {
          for (let n = leb(); n > 0; n--) {
            const index = leb();
            names.set(index, name());
          }
        }
        at = subEnd;
      }
    }
    at = end;
  }
  const functions = bodies.map((body, i) => ({ body, name: names.get(importedFunctions + i) ?? '?' }));
  return { functions, data };
}

/** The group of a demangled function name: its crate, or a module path. */
function groupOf(name, depth) {
  const parts = name
    .replace(/^(<|&|mut |dyn |\[)+/, '')
    .replace(/\[[0-9a-f]+\]/g, '')
    .split(/::|[<( [,>]/);
  return SPLIT.has(parts[0]) ? parts.slice(0, depth).join('::') : parts[0] || '?';
}

const gz = (parts) => gzipSync(Buffer.concat(parts), { level: 9 }).length;

const [file, depthArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node benches/wasm/code-size.mjs MODULE.wasm [DEPTH]');
  process.exit(2);
}
const depth = Number(depthArg ?? 1);
const { functions, data } = readModule(readFileSync(file));
const groups = new Map();
for (const { body, name } of functions) {
  const key = groupOf(name, depth);
  const g = groups.get(key) ?? { raw: 0, bodies: [] };
  g.raw += body.length;
  g.bodies.push(body);
  groups.set(key, g);
}
const rows = [...groups].map(([key, g]) => ({ key, raw: g.raw, gzipped: gz(g.bodies) }));
rows.sort((a, b) => b.gzipped - a.gzipped);
const line = (label, raw, gzipped) =>
  console.log(`${label.padEnd(40)} ${String(raw).padStart(8)} ${String(gzipped).padStart(8)}`);
line('group', 'bytes', 'gzipped');
for (const r of rows.filter((r) => r.gzipped >= 300)) line(r.key, r.raw, r.gzipped);
line(`code (${functions.length} functions)`, functions.reduce((n, f) => n + f.body.length, 0),
  gz(functions.map((f) => f.body)));
line('data', data.length, gz([data]));
