#!/usr/bin/env node
// A small static server for the Turnback demo pages (no dependencies).
//   node www/serve.mjs [--port 8000] [--host 127.0.0.1] [--root DIR]
// It logs no requests: search queries arrive in URLs and must not be recorded.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {Record<string, string>} */
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pub': 'text/plain; charset=utf-8',
  '.tbl': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// The demo pages run under a strict policy to show the widget needs no inline
// script or style on the host page ('wasm-unsafe-eval' is for WebAssembly).
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The command line's options, with defaults; exits on a bad one.
 * @param {string[]} argv
 * @returns {{ port: number, host: string, root: string }}
 */
function args(argv) {
  const out = { port: 8000, host: '127.0.0.1', root: fileURLToPath(new URL('.', import.meta.url)) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--port') (out.port = Number(v)), i++;
    else if (a === '--host') (out.host = v), i++;
    else if (a === '--root') (out.root = v), i++;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node serve.mjs [--port 8000] [--host 127.0.0.1] [--root DIR]');
      process.exit(0);
    } else {
      console.error(`serve.mjs: unknown argument ${a}`);
      process.exit(2);
    }
  }
  if (process.env.PORT && !argv.includes('--port')) out.port = Number(process.env.PORT);
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) {
    console.error('serve.mjs: --port must be 0..65535');
    process.exit(2);
  }
  return out;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {import('node:http').OutgoingHttpHeaders} [head]
 */
function send(res, status, text, head = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...head });
  res.end(text);
}

/**
 * Serves `root` read-only on `host:port` (0: any free port); resolves once listening.
 * @param {{ port?: number, host?: string, root: string }} options
 * @returns {Promise<import('node:http').Server>}
 */
export function startServer({ port = 0, host = '127.0.0.1', root }) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(res, 400, 'bad request\n');
    }
    if (path.includes('\0') || path.split('/').some((p) => p.startsWith('.'))) {
      return send(res, 404, 'not found\n');
    }
    let file = resolve(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return send(res, 404, 'not found\n');
    let st;
    try {
      st = await stat(file);
      if (st.isDirectory()) {
        file = join(file, 'index.html');
        st = await stat(file);
      }
      if (!st.isFile()) throw new Error('not a file');
    } catch {
      return send(res, 404, 'not found\n');
    }
    const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    const lastModified = new Date(Math.floor(st.mtimeMs / 1000) * 1000).toUTCString();
    const type = MIME[extname(file).toLowerCase()] || 'application/octet-stream';
    /** @type {import('node:http').OutgoingHttpHeaders} */
    const head = {
      ETag: etag,
      'Last-Modified': lastModified,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    if (type.startsWith('text/html')) head['Content-Security-Policy'] = CSP;
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const fresh = inm
      ? inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')
      : ims && !Number.isNaN(Date.parse(ims)) && Math.floor(st.mtimeMs / 1000) * 1000 <= Date.parse(ims);
    if (fresh) {
      res.writeHead(304, head);
      return res.end();
    }
    res.writeHead(200, { ...head, 'Content-Type': type, 'Content-Length': st.size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = args(process.argv.slice(2));
  startServer(opts).then(
    (server) => {
      // Listening on a TCP port: the address is an AddressInfo, not a pipe's name.
      const { address, port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      console.log(`Turnback demo: http://${address}:${port}/  (root ${resolve(opts.root)}; Ctrl-C stops)`);
    },
    (err) => {
      console.error(`serve.mjs: ${err.message}`);
      process.exit(1);
    },
  );
}
