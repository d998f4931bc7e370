// www/serve.mjs on its own: MIME types, conditional requests, path safety.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../www/serve.mjs';

let dir;
let server;
let origin;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'turnback-serve-'));
  mkdirSync(join(dir, 'pkg'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'pkg/m_bg.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(dir, 'pkg/m.js'), 'export {};');
  writeFileSync(join(dir, '.secret'), 'no');
  server = await startServer({ port: 0, root: dir });
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('content types, including application/wasm', async () => {
  const wasm = await fetch(`${origin}/pkg/m_bg.wasm`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal((await wasm.arrayBuffer()).byteLength, 8);
  assert.match((await fetch(`${origin}/pkg/m.js`)).headers.get('content-type'), /^text\/javascript/);
  const index = await fetch(`${origin}/`);
  assert.match(index.headers.get('content-type'), /^text\/html/);
  assert.match(index.headers.get('content-security-policy'), /'wasm-unsafe-eval'/);
});

test('ETag and Last-Modified answer 304 to conditional requests', async () => {
  const first = await fetch(`${origin}/pkg/m_bg.wasm`);
  const etag = first.headers.get('etag');
  const lastModified = first.headers.get('last-modified');
  assert.ok(etag && lastModified);
  assert.equal((await fetch(`${origin}/pkg/m_bg.wasm`, { headers: { 'If-None-Match': etag } })).status, 304);
  assert.equal((await fetch(`${origin}/pkg/m_bg.wasm`, { headers: { 'If-Modified-Since': lastModified } })).status, 304);
  assert.equal((await fetch(`${origin}/pkg/m_bg.wasm`, { headers: { 'If-None-Match': 'W/"other"' } })).status, 200);
});

test('no path escapes the root and no dotfile is served', async () => {
  for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/.secret', '/pkg/..%2f..%2f..%2fetc/passwd', '/missing']) {
    assert.equal((await fetch(`${origin}${p}`)).status, 404, p);
  }
  assert.equal((await fetch(`${origin}/`, { method: 'POST' })).status, 405);
});
