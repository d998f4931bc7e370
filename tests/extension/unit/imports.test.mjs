// The import graph of the extension and the widget stays one-way: no module
// imports, through any chain, a module that imports it back. An import cycle
// makes module evaluation order decide which bindings exist yet (the worker's
// engine and list machinery once depended on each other that way).
// dependency-cruiser parses every import with a real JS parser and resolves
// it as the browsers do; the fixture proves the same check reports a cycle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ROOTS = ['extension/src', 'extension/pages', 'www/src', 'www/turnback-widget.js'];
/**
 * Where the extension's build (extension/build.mjs, INPUTS) puts files from
 * www/: the extension imports them by their place in the build, so the
 * graph follows them to their sources.
 */
const BUILD_PLACES = {
  [join(REPO, 'extension/pkg')]: join(REPO, 'www/pkg'),
  [join(REPO, 'extension/widget')]: join(REPO, 'www/src'),
};
/** Written by the build (extension/build.mjs), not a source file. */
const GENERATED = new Set(['./packaged-meta.js']);

const NO_CYCLE = { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } };

/**
 * The import graph of `paths` (relative to the repository) and its cycles,
 * each as the chain of modules that leads back to where it started.
 * @param {string[]} paths
 * @returns {Promise<{ modules: any[], cycles: string[][] }>}
 */
async function importCycles(paths) {
  const { output } = await cruise(
    paths,
    { baseDir: REPO, validate: true, ruleSet: { forbidden: [NO_CYCLE] } },
    { alias: BUILD_PLACES },
  );
  assert.equal(typeof output, 'object', 'dependency-cruiser returns its result as an object');
  const cycles = output.summary.violations
    .filter((v) => v.rule.name === NO_CYCLE.name)
    .map((v) => [v.from, ...v.cycle.map((step) => step.name)]);
  return { modules: output.modules, cycles };
}

/** Every .js file under the roots, as a repository path. */
function sourceFiles() {
  const out = [];
  const walk = (path) => {
    const entries = readdirSync(join(REPO, path), { withFileTypes: true });
    for (const e of entries) {
      const p = `${path}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) out.push(p);
    }
  };
  for (const root of ROOTS) {
    if (root.endsWith('.js')) out.push(root);
    else walk(root);
  }
  return out.sort();
}

test('no import cycle in the extension (worker, content script, pages) or the widget', async () => {
  const { modules, cycles } = await importCycles(ROOTS);
  assert.deepEqual(cycles, []);
  // The graph is whole: every source file was read, and every import found
  // its module, so no edge a cycle could run through was left out.
  const seen = new Set(modules.map((m) => m.source));
  for (const file of sourceFiles()) assert.ok(seen.has(file), `${file} was read`);
  const unresolved = modules.flatMap((m) =>
    m.dependencies.filter((d) => d.couldNotResolve && !GENERATED.has(d.module)).map((d) => `${m.source}: ${d.module}`),
  );
  assert.deepEqual(unresolved, []);
  const main = modules.find((m) => m.source === 'extension/src/background/main.js');
  const imported = main.dependencies.map((d) => d.resolved);
  for (const dep of ['extension/src/background/engine.js', 'extension/src/background/lists/index.js']) {
    assert.ok(imported.includes(dep), `main.js imports ${dep}`);
  }
});

test('the same check reports a two-file cycle (fixture)', async () => {
  const fixture = relative(REPO, join(dirname(fileURLToPath(import.meta.url)), 'cycle'));
  const { cycles } = await importCycles([fixture]);
  const a = `${fixture}/a.js`;
  const b = `${fixture}/b.js`;
  // One cycle, reported once, from either of its two modules.
  assert.equal(cycles.length, 1, JSON.stringify(cycles));
  assert.ok(
    [`${a} → ${b} → ${a}`, `${b} → ${a} → ${b}`].includes(cycles[0].join(' → ')),
    cycles[0].join(' → '),
  );
});
