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
  // JS modules of the engine that the glue imports (src/wasm/read.js).
  ['www/pkg/snippets', 'pkg/snippets'],
  // The one language-tag parser, the widget's (src/shared/locale.js imports it).
  ['www/src/locale.js', 'widget/locale.js'],
  // The one key-set reader, the widget's (src/shared/keyset.js imports it).
  ['www/src/keyset.js', 'widget/keyset.js'],
  // The one update routine and index reader, the widget's (lists/updater.js imports them).
  ['www/src/update', 'widget/update'],
  ['target/demo/demo.tbl', 'lists/demo.tbl'],
  ['data/demo/demo.pub', 'lists/demo.pub'],
];

/**
 * _locales folder names per list language: Chromium knows Portuguese and
 * Norwegian only by region / as `nb`, so those get each accepted name.
 * @type {Record<string, string[]>}
 */
const LOCALE_DIRS = { pt: ['pt_BR', 'pt_PT', 'pt'], no: ['nb', 'no'] };

/**
 * Stops the build with a message.
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`extension/build.mjs: ${message}`);
  process.exit(1);
}

/** @param {unknown} err */
const messageOf = (err) => (err instanceof Error ? err.message : String(err));

/**
 * One locales/*.json: message key → its description and its text per language.
 * @typedef {Record<string, { description?: string, messages?: Record<string, string> }>} LocaleTable
 */

/**
 * The _locales/<dir>/messages.json contents from every locales/*.json.
 * @returns {Record<string, Record<string, { message: string, description: string }>>}
 */
function localeMessages() {
  /** @type {Record<string, Record<string, { message: string, description: string }>>} */
  const byLang = {};
  for (const file of readdirSync(join(EXT, 'locales')).filter((f) => f.endsWith('.json')).sort()) {
    /** @type {LocaleTable} */
    let table;
    try {
      table = JSON.parse(readFileSync(join(EXT, 'locales', file), 'utf8'));
    } catch (err) {
      fail(`locales/${file}: not valid JSON: ${messageOf(err)}`);
    }
    for (const [key, entry] of Object.entries(table)) {
      if (!/^[A-Za-z0-9_]+$/.test(key)) fail(`locales/${file}: message key "${key}" must be letters, digits, _`);
      if (!entry?.messages || typeof entry.messages.en !== 'string') fail(`locales/${file}: "${key}" has no English text`);
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

/**
 * pages/packaged-meta.js: the default prevention messages and the verified
 * help services from data/meta/, for the warning page's fallback (it shows
 * help even when the worker cannot answer). A module, because the page's
 * CSP allows no fetch; copied at build time, never read from data/ at run time.
 */
function packagedMeta() {
  /**
   * @param {string} file
   * @returns {unknown}
   */
  const read = (file) => {
    try {
      return JSON.parse(readFileSync(join(REPO, 'data/meta', file), 'utf8'));
    } catch (err) {
      fail(`data/meta/${file}: ${messageOf(err)}`);
    }
  };
  const messages = /** @type {Record<string, unknown>} */ (read('messages.json'));
  if (!messages.en) fail('data/meta/messages.json has no English message');
  // data/meta/resources.json holds only verified services (its README); an
  // entry marked otherwise, or without an https link, is never packaged.
  const all = /** @type {{ id: string, url: string, verified?: boolean }[]} */ (read('resources.json'));
  const resources = all.filter((r) => r.verified !== false);
  for (const r of resources) if (!/^https:\/\//.test(r.url)) fail(`data/meta/resources.json: ${r.id} has no https url`);
  return [
    '// Generated by extension/build.mjs from data/meta/: do not edit.',
    `export const MESSAGES = ${JSON.stringify(messages)};`,
    `export const RESOURCES = ${JSON.stringify(resources)};`,
    '',
  ].join('\n');
}

/**
 * The fields of manifest.json that the build changes.
 * @typedef {object} Manifest
 * @property {{ service_worker?: string, scripts?: string[], type?: string }} background
 * @property {string} [key]
 * @property {string} [minimum_chrome_version]
 * @property {unknown} [storage]
 * @property {string} [incognito]
 * @property {{ page: string }} [options_ui]
 * @property {{ use_dynamic_url?: boolean }[]} [web_accessible_resources]
 * @property {object} [browser_specific_settings]
 */

/**
 * The manifest for one browser from the one source.
 * @param {'chromium' | 'firefox'} browser
 * @param {Manifest} source manifest.json
 * @returns {Manifest}
 */
function manifestFor(browser, source) {
  const m = structuredClone(source);
  // Parts owned by the lists work may not be there yet on every branch.
  if (!existsSync(join(EXT, 'schema.json'))) delete m.storage;
  if (m.options_ui && !existsSync(join(EXT, m.options_ui.page))) delete m.options_ui;
  if (browser === 'firefox') {
    const worker = m.background.service_worker;
    if (!worker) fail('manifest.json: background.service_worker is missing');
    m.background = { scripts: [worker], type: 'module' };
    delete m.key;
    delete m.minimum_chrome_version;
    delete m.storage; // Firefox reads managed storage from policies, not a schema
    // Chromium needs "split" to show the warning page in an incognito tab;
    // Firefox has no split mode and would install the add-on as "not_allowed"
    // in private windows, so it keeps its default ("spanning").
    delete m.incognito;
    // Firefox's moz-extension host is a random UUID per install already, and
    // its manifest schema does not know use_dynamic_url (it would warn).
    for (const entry of m.web_accessible_resources ?? []) delete entry.use_dynamic_url;
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

/**
 * A manifest as the build writes it (2-space JSON, final newline).
 * @param {object} m
 */
const manifestText = (m) => `${JSON.stringify(m, null, 2)}\n`;

/**
 * Every file under `dir`, as paths relative to it, sorted.
 * @param {string} dir
 * @returns {string[]}
 */
function listFiles(dir) {
  /** @type {string[]} */
  const out = [];
  /** @param {string} d */
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
  const source = /** @type {Manifest} */ (JSON.parse(readFileSync(join(EXT, 'manifest.json'), 'utf8')));
  const locales = localeMessages();
  const meta = packagedMeta();
  rmSync(DIST, { recursive: true, force: true });
  for (const [browser, packageName] of /** @type {const} */ ([
    ['chromium', 'turnback-chromium.zip'],
    ['firefox', 'turnback-firefox.xpi'],
  ])) {
    const out = join(DIST, browser);
    mkdirSync(out, { recursive: true });
    for (const part of ['src', 'pages', 'schema.json']) {
      if (existsSync(join(EXT, part))) cpSync(join(EXT, part), join(out, part), { recursive: true });
    }
    for (const [from, to] of INPUTS) cpSync(join(REPO, from), join(out, to), { recursive: true });
    writeFileSync(join(out, 'pages/packaged-meta.js'), meta);
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
    /** @type {Record<string, string>} */
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
