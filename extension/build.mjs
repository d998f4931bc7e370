// node extension/build.mjs — the one manifest source and the shared sources
// into extension/dist/chromium and extension/dist/firefox, with the Wasm
// engine, the signed demo list and _locales, plus the store packages
// dist/turnback-chromium.zip and dist/turnback-firefox.xpi.
// The unpacked Chromium build keeps the manifest's `key` (a stable extension
// id for development, tests and policy deployment of a self-hosted CRX); the
// store zip leaves it out, because the Chrome Web Store refuses uploads with
// a `key` and gives the extension its own id. The unpacked builds are
// development builds; the store packages get src/shared/flavour.js with
// DEVELOPMENT_BUILD false (https-only list URLs).
// Needs `make build` first (www/pkg, target/demo/demo.tbl).
//   node extension/build.mjs [--out DIR]   (default extension/dist; the
//   build test writes a second build elsewhere to check reproducibility)

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zip } from './zip.mjs';

const EXT = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(EXT, '..');
const outAt = process.argv.indexOf('--out');
const DIST = outAt > 0 && process.argv[outAt + 1] ? resolve(process.argv[outAt + 1]) : join(EXT, 'dist');
const GECKO_ID = 'turnback@turnback.example';

/** Build inputs from elsewhere in the repo: where they go in each dist. */
const INPUTS = [
  ['www/pkg/turnback.js', 'pkg/turnback.js'],
  ['www/pkg/turnback_bg.wasm', 'pkg/turnback_bg.wasm'],
  // JS modules of the engine that the glue imports (src/wasm_read.js).
  ['www/pkg/snippets', 'pkg/snippets'],
  ['target/demo/demo.tbl', 'lists/demo.tbl'],
  ['data/demo/demo.pub', 'lists/demo.pub'],
];

/**
 * _locales folder names per list language: Chromium knows Portuguese and
 * Norwegian only by region / as `nb`, so those get each accepted name.
 */
const LOCALE_DIRS = { pt: ['pt_BR', 'pt_PT', 'pt'], no: ['nb', 'no'] };

function fail(message) {
  console.error(`extension/build.mjs: ${message}`);
  process.exit(1);
}

/** The _locales/<dir>/messages.json contents from every locales/*.json. */
function localeMessages() {
  const byLang = {};
  for (const file of readdirSync(join(EXT, 'locales')).filter((f) => f.endsWith('.json')).sort()) {
    let table;
    try {
      table = JSON.parse(readFileSync(join(EXT, 'locales', file), 'utf8'));
    } catch (err) {
      fail(`locales/${file}: not valid JSON: ${err.message}`);
    }
    for (const [key, entry] of Object.entries(table)) {
      if (!/^[A-Za-z0-9_]+$/.test(key)) fail(`locales/${file}: message key "${key}" must be letters, digits, _`);
      if (typeof entry?.messages?.en !== 'string') fail(`locales/${file}: "${key}" has no English text`);
      for (const [lang, text] of Object.entries(entry.messages)) {
        for (const dir of LOCALE_DIRS[lang] ?? [lang]) {
          byLang[dir] ??= {};
          if (byLang[dir][key]) fail(`locales/${file}: "${key}" is defined twice`);
          byLang[dir][key] = { message: text, description: entry.description ?? '' };
        }
      }
    }
  }
  return byLang;
}

/** The manifest for one browser from the one source. */
function manifestFor(browser, source) {
  const m = structuredClone(source);
  // Parts owned by the lists work may not be there yet on every branch.
  if (!existsSync(join(EXT, 'schema.json'))) delete m.storage;
  if (m.options_ui && !existsSync(join(EXT, m.options_ui.page))) delete m.options_ui;
  if (browser === 'firefox') {
    m.background = { scripts: [m.background.service_worker], type: 'module' };
    delete m.key;
    delete m.minimum_chrome_version;
    delete m.storage; // Firefox reads managed storage from policies, not a schema
    m.browser_specific_settings = {
      gecko: { id: GECKO_ID, strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
    };
  }
  return m;
}

/** The build-flavour module (src/shared/flavour.js): the source says development. */
const FLAVOUR = 'src/shared/flavour.js';
const DEVELOPMENT_LINE = 'export const DEVELOPMENT_BUILD = true;';

/** The flavour module as the store packages get it: not a development build. */
function storeFlavour() {
  const text = readFileSync(join(EXT, FLAVOUR), 'utf8');
  if (!text.includes(DEVELOPMENT_LINE)) fail(`${FLAVOUR}: no line "${DEVELOPMENT_LINE}" to turn off`);
  return text.replace(DEVELOPMENT_LINE, 'export const DEVELOPMENT_BUILD = false;');
}

/** A manifest as the build writes it (2-space JSON, final newline). */
const manifestText = (m) => `${JSON.stringify(m, null, 2)}\n`;

/** Every file under `dir`, as paths relative to it, sorted. */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

function build() {
  for (const [from] of INPUTS) {
    if (!existsSync(join(REPO, from))) fail(`${from} is missing: run \`make build\` first`);
  }
  const source = JSON.parse(readFileSync(join(EXT, 'manifest.json'), 'utf8'));
  const locales = localeMessages();
  rmSync(DIST, { recursive: true, force: true });
  for (const [browser, packageName] of [
    ['chromium', 'turnback-chromium.zip'],
    ['firefox', 'turnback-firefox.xpi'],
  ]) {
    const out = join(DIST, browser);
    mkdirSync(out, { recursive: true });
    for (const part of ['src', 'pages', 'schema.json']) {
      if (existsSync(join(EXT, part))) cpSync(join(EXT, part), join(out, part), { recursive: true });
    }
    for (const [from, to] of INPUTS) cpSync(join(REPO, from), join(out, to), { recursive: true });
    for (const [dir, messages] of Object.entries(locales)) {
      mkdirSync(join(out, '_locales', dir), { recursive: true });
      writeFileSync(join(out, '_locales', dir, 'messages.json'), `${JSON.stringify(messages, null, 2)}\n`);
    }
    const manifest = manifestFor(browser, source);
    writeFileSync(join(out, 'manifest.json'), manifestText(manifest));
    const storeManifest = { ...manifest };
    delete storeManifest.key;
    // The store packages differ from the unpacked development build in
    // these files only.
    const storeOnly = { 'manifest.json': manifestText(storeManifest), [FLAVOUR]: storeFlavour() };
    const files = listFiles(out).map((name) => ({
      name,
      data: name in storeOnly ? Buffer.from(storeOnly[name]) : readFileSync(join(out, name)),
    }));
    writeFileSync(join(DIST, packageName), zip(files));
    console.log(`${relative(REPO, out)}/ (${files.length} files) and ${relative(REPO, join(DIST, packageName))}`);
  }
}

build();
