// The glue shipped in www/pkg has no copies of the doc comments (they stay
// in turnback.d.ts) and still exports everything the .d.ts declares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripGlueDocs } from '../../www/build/strip-glue-docs.mjs';
import { STANDIN, WWW } from './harness.mjs';

test('doc-comment blocks go; code, strings and directives stay', () => {
  const cases = [
    { name: 'a block on its own lines', in: 'a();\n/**\n * Doc.\n */\nb();\n', want: 'a();\nb();\n' },
    { name: 'an indented one-line block', in: 'class X {\n    /** Doc. */\n    f() {}\n}\n', want: 'class X {\n    f() {}\n}\n' },
    { name: 'a block with stars inside', in: '/**\n * a * b **c**\n */\nx();\n', want: 'x();\n' },
    { name: 'the ts-self-types directive', in: '/* @ts-self-types="./t.d.ts" */\nx();\n', want: '/* @ts-self-types="./t.d.ts" */\nx();\n' },
    { name: 'a comment after code', in: 'x(); /** not alone */\n', want: 'x(); /** not alone */\n' },
    { name: 'a string that looks like one', in: 'const s = "/** no */";\n', want: 'const s = "/** no */";\n' },
    { name: 'line comments', in: '// keep\nx();\n', want: '// keep\nx();\n' },
  ];
  for (const c of cases) assert.equal(stripGlueDocs(c.in), c.want, c.name);
});

test('the built glue has no doc blocks and exports what turnback.d.ts declares', { skip: STANDIN && 'the stand-in has no glue' }, async () => {
  const glue = readFileSync(join(WWW, 'pkg/turnback.js'), 'utf8');
  assert.doesNotMatch(glue, /^\s*\/\*\*/m);
  const dts = readFileSync(join(WWW, 'pkg/turnback.d.ts'), 'utf8');
  const declared = [...dts.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1]);
  assert.ok(declared.includes('TurnbackLists') && declared.includes('applyDelta'), declared.join(', '));
  const module = await import(join(WWW, 'pkg/turnback.js'));
  for (const name of declared) assert.equal(typeof module[name], 'function', name);
});
