// Shared set-up for the end-to-end tests: a served copy of www/, Chromium via
// playwright-core, and small page helpers. Not a test file itself.

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { scaled } from '../deadline.mjs';
import { launchChromium } from './chromium.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = join(REPO, 'www');
export const ARTIFACTS = join(REPO, 'target/e2e-artifacts');
export const MESSAGES = JSON.parse(readFileSync(join(REPO, 'data/meta/messages.json'), 'utf8'));
export const AXE = join(REPO, 'node_modules/axe-core/axe.min.js');
export const CLI = join(REPO, 'target/release/turnback');
/** TURNBACK_E2E_STANDIN=1: the pages run on the test-only stand-in engine (see servedRoot). */
export const STANDIN = process.env.TURNBACK_E2E_STANDIN === '1';
export const DEMO_KEY = join(REPO, 'data/demo/demo.key');
export { scaled };


function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The directory to serve: www/ itself once `make build` has put the engine in
 * www/pkg and the demo list in www/demo; with TURNBACK_E2E_STANDIN=1 and no
 * build, a temporary copy of www/ with the test-only stand-in engine.
 */
function servedRoot() {
  const real = ['pkg/turnback.js', 'pkg/turnback_bg.wasm', 'demo/demo.tbl', 'demo/demo.pub'].every((f) =>
    existsSync(join(WWW, f)),
  );
  if (real && !STANDIN) return { root: WWW, cleanup() {}, standin: false };
  if (!STANDIN) {
    throw new Error('www/pkg or www/demo is missing: run `make build` first (or TURNBACK_E2E_STANDIN=1 for the stand-in)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'turnback-e2e-'));
  cpSync(WWW, dir, { recursive: true, filter: (src) => !/[/\\](pkg|demo)$/.test(src) });
  mkdirSync(join(dir, 'pkg'));
  mkdirSync(join(dir, 'demo'));
  const list = readFileSync(join(REPO, 'target/demo/demo.tbl'));
  const pub = readFileSync(join(REPO, 'data/demo/demo.pub'), 'utf8');
  const meta = {
    messages: MESSAGES,
    resources: JSON.parse(readFileSync(join(REPO, 'data/meta/resources.json'), 'utf8')),
  };
  const template = readFileSync(join(REPO, 'tests/e2e/standin/turnback.template.js'), 'utf8');
  writeFileSync(
    join(dir, 'pkg/turnback.js'),
    template
      .replace('__META__', JSON.stringify(meta))
      .replace('__CHECKSUM__', String(fnv1a(list)))
      .replace('__KEY_HEX__', JSON.stringify(pub.trim().split(/\s+/).pop())),
  );
  writeFileSync(join(dir, 'pkg/turnback_bg.wasm'), Buffer.alloc(0));
  writeFileSync(join(dir, 'demo/demo.tbl'), list);
  writeFileSync(join(dir, 'demo/demo.pub'), pub);
  return { root: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }), standin: true };
}

/**
 * Builds a signed list with the CLI (`make build` builds it) from the demo
 * sources plus `extraKeywords`, into `dir`; returns its bytes. `key` is a
 * secret key file (default: the demo key), `sequence` the list's sequence,
 * `expires` its lifetime (CLI syntax: 30d, 1h).
 */
export function buildList(dir, name, { sequence, extraKeywords = [], key = DEMO_KEY, expires = '30d' }) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`make build\` first`);
  const keywords = join(dir, `${name}.keywords.txt`);
  writeFileSync(keywords, [readFileSync(join(REPO, 'data/demo/keywords.txt'), 'utf8'), ...extraKeywords, ''].join('\n'));
  const out = join(dir, `${name}.tbl`);
  const demo = (f) => join(REPO, 'data/demo', f);
  execFileSync(CLI, [
    'build', '--id', 'demo', '--sequence', String(sequence), '--expires', expires,
    '--urls', demo('urls.txt'), '--keywords', keywords, '--rules', demo('rules.txt'),
    '--meta', demo('meta.json'), '--key', key, '--out', out,
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  return readFileSync(out);
}

/** A new publisher key pair in `dir`; returns the secret key's path. */
export function otherKey(dir) {
  execFileSync(CLI, ['keygen', '--out', join(dir, 'other-key'), '--no-passphrase'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return join(dir, 'other-key/turnback.key');
}

/** Starts www/serve.mjs on a free loopback port; resolves with { origin, stop }. */
export async function startServer() {
  const { root, cleanup, standin } = servedRoot();
  const child = spawn(process.execPath, [join(WWW, 'serve.mjs'), '--port', '0', '--root', root], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`serve.mjs did not start: ${out}`)), scaled(10_000));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) {
        clearTimeout(timer);
        ok(m[0]);
      }
    });
    child.once('exit', (code) => fail(new Error(`serve.mjs exited with ${code}: ${out}`)));
  });
  return {
    origin,
    standin,
    async stop() {
      child.kill();
      cleanup();
    },
  };
}

export const launch = launchChromium;

/**
 * The set-up every browser test file shares: registers `before`/`after` hooks
 * that start the server and Chromium once for the file and stop them again.
 * Returns an object whose `server` and `browser` are set once `before` ran,
 * and `open(path, options)`: `openPage` on that browser and server.
 */
export function useBrowser() {
  const env = {
    server: null,
    browser: null,
    /** A fresh page on the served site; see `openPage`. */
    open: (path, options) => openPage(env.browser, env.server.origin, path, options),
  };
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/**
 * A fresh page that records every request URL and console warning. `route`
 * (optional) is called with the page before navigation (to install routes,
 * a fake clock…); `bypassCSP` lets a test inject axe-core into the demo
 * pages, which forbid inline script.
 */
export async function openPage(browser, origin, path = '/index.html', { viewport, route, bypassCSP = false, locale = 'en-US' } = {}) {
  const context = await browser.newContext({ viewport: viewport || { width: 1024, height: 768 }, bypassCSP, locale });
  // Playwright's 30 s default for every wait and navigation, scaled (tests/deadline.mjs).
  context.setDefaultTimeout(scaled(30_000));
  const page = await context.newPage();
  const requests = [];
  const warnings = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  if (route) await route(page);
  await page.goto(origin + path);
  await page.waitForSelector('form[data-turnback]', { state: 'attached', timeout: scaled(10_000) });
  return { page, context, requests, warnings, errors };
}

/** The panel's state, read from its shadow root. */
export function panel(page) {
  return page.evaluate(() => {
    const host = document.querySelector('turnback-notice');
    const root = host && host.shadowRoot;
    const dialog = root && root.querySelector('dialog');
    if (!dialog || !dialog.open) return { open: false, html: root ? root.innerHTML : '' };
    const q = (s) => root.querySelector(s);
    const focused = root.activeElement;
    return {
      open: true,
      html: root.innerHTML,
      role: dialog.getAttribute('role'),
      lang: dialog.getAttribute('lang'),
      dir: dialog.getAttribute('dir'),
      labelledby: dialog.getAttribute('aria-labelledby'),
      describedby: dialog.getAttribute('aria-describedby'),
      title: q('h2') && q('h2').textContent,
      primary: q('button') && q('button').textContent,
      buttons: root.querySelectorAll('button').length,
      focus: focused ? focused.tagName.toLowerCase() + (focused.className ? '.' + focused.className : '') : null,
    };
  });
}

/** Resolves after the page has had time to navigate (used to prove it did not); `ms` is scaled. */
export const settle = (page, ms = 400) => page.waitForTimeout(scaled(ms));
