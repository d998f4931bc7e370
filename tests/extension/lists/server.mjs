// A loopback HTTP server for list updates. Each path answers as configured:
// a body with ETag / Last-Modified (honouring If-None-Match and
// If-Modified-Since), an HTTP status, a body cut off mid-way (the declared
// Content-Length is never reached), a body that stalls or one that trickles.
// Any other path gets a small benign page (browser tests navigate there). Every request is
// recorded with its headers. Not a test file.

import { createServer } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/**
 * @typedef {{ body?: Uint8Array, status?: number, etag?: string, lastModified?: string,
 *   cutAfter?: number, stallAfter?: number, trickle?: boolean, encoding?: 'gzip' | 'br' }} Answer
 *   encoding: the body is sent compressed so (Content-Length is the compressed size, as a CDN sends it)
 */

/** Starts the server on a free loopback port. */
export async function startListServer() {
  /** @type {Map<string, Answer>} */
  const answers = new Map();
  const requests = [];
  const stalled = new Set();
  const server = createServer((req, res) => {
    requests.push({ method: req.method, path: req.url, headers: { ...req.headers } });
    const a = answers.get(req.url);
    if (!a) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end('<!doctype html><html lang="en"><title>page</title><h1 id="page">a page</h1></html>');
      return;
    }
    if (a.status && a.status !== 200) {
      res.writeHead(a.status, { 'content-type': 'text/plain' }).end('server error\n');
      return;
    }
    const compress = { gzip: gzipSync, br: brotliCompressSync }[a.encoding];
    const body = compress ? new Uint8Array(compress(a.body)) : a.body;
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(body.length) };
    if (compress) headers['content-encoding'] = a.encoding;
    if (a.etag) headers.etag = a.etag;
    if (a.lastModified) headers['last-modified'] = a.lastModified;
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    if ((a.etag && inm === a.etag) || (!inm && a.lastModified && ims === a.lastModified)) {
      res.writeHead(304, a.etag ? { etag: a.etag } : {}).end();
      return;
    }
    res.writeHead(200, headers);
    if (a.cutAfter !== undefined) {
      // Once the part has left (handed to the socket), drop the connection.
      res.write(a.body.subarray(0, a.cutAfter), () => res.destroy());
      return;
    }
    if (a.trickle) {
      // One byte every 100 ms: never silent for long, never done.
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed || at >= a.body.length) return clearInterval(timer);
        res.write(a.body.subarray(at, at + 1));
        at += 1;
      }, 100);
      stalled.add(res);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (a.stallAfter !== undefined) {
      res.write(a.body.subarray(0, a.stallAfter));
      stalled.add(res);
      return;
    }
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    /** Sets what `path` answers. */
    serve(path, answer) {
      answers.set(path, answer);
    },
    async close() {
      for (const r of stalled) r.destroy();
      server.closeAllConnections?.();
      await new Promise((ok) => server.close(ok));
    },
  };
}
