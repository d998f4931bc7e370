// The loopback test server for the extension tests: plain HTTP and HTTPS on
// one port (Chromium maps every host to it), recording every request it gets.
// Pages it serves:
//   /beacon…            204; the tests count these (the "page ran" signal)
//   /__/f/<n>           fixture pages a test registered with `page(html)`, and
//                       other files registered with `file(body, type)`
//   /__/302/<n>         a redirect a test registered with `redirect(to)`
//   anything else       a "trap" page that, if it ever loads, requests a beacon
//                       from an <img> and from an inline script
// Only synthetic hosts and terms go through it; it prints nothing.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createServer as createNet } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway self-signed certificate (Chromium runs with --ignore-certificate-errors). */
function certificate() {
  const dir = mkdtempSync(join(tmpdir(), 'turnback-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=turnback.test',
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page served for any URL no test registered: it phones home twice if it runs. */
function trapPage(path) {
  const from = encodeURIComponent(path);
  return `<!doctype html><html><head><meta charset="utf-8"><title>trap</title>
<script>fetch('/beacon?via=script&from=${from}', { mode: 'no-cors' }).catch(() => {});</script></head>
<body><h1 id="trap">This page must never be shown</h1>
<img alt="" src="/beacon?via=img&from=${from}"></body></html>`;
}

/**
 * Starts the server on 127.0.0.1 (free port).
 * @returns {Promise<object>} port, requests, and the helpers documented below
 */
export async function startServer() {
  const requests = [];
  const fixtures = new Map();
  let next = 0;

  const handle = (secure) => (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = `${secure ? 'https' : 'http'}://${host}${req.url}`;
    requests.push({ method: req.method, host, path: req.url, url, headers: req.headers, time: Date.now() });
    const path = req.url.split('?')[0];
    const fixture = fixtures.get(path);
    if (path === '/beacon') {
      res.writeHead(204, { 'cache-control': 'no-store' }).end();
    } else if (fixture?.redirect) {
      res.writeHead(302, { location: fixture.redirect, 'cache-control': 'no-store' }).end();
    } else if (fixture?.body) {
      res.writeHead(200, { 'content-type': fixture.type, 'cache-control': 'no-store' }).end(fixture.body);
    } else if (fixture) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(fixture.html);
    } else if (path === '/favicon.ico') {
      res.writeHead(404).end();
    } else {
      const send = () =>
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(trapPage(req.url));
      if (server.trapDelayMs > 0) setTimeout(send, server.trapDelayMs);
      else send();
    }
  };

  const plain = createHttp(handle(false));
  const tls = createHttps(certificate(), handle(true));
  // One port for both: a TLS handshake starts with byte 0x16.
  const front = createNet((socket) => {
    socket.once('data', (first) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? tls : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
    socket.on('error', () => {});
  });
  await new Promise((ok) => front.listen(0, '127.0.0.1', ok));
  const sockets = new Set();
  front.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  // `where` is a host (served over http) or an origin such as https://host.
  const register = (entry, where) => {
    const path = `/__/f/${++next}`;
    fixtures.set(path, entry);
    return `${where.includes('://') ? where : `http://${where}`}${path}`;
  };

  const server = {
    /** First-byte delay of trap pages, ms (0: answer at once, as loopback does). */
    trapDelayMs: 0,
    port: front.address().port,
    requests,
    /** Beacon requests received so far. */
    beacons: () => requests.filter((r) => r.path.startsWith('/beacon')),
    /** Serves `html` at a fresh path; returns its URL on `where` (host or origin). */
    page: (html, where = 'benign.turnback.test') => register({ html }, where),
    /** Serves `body` (string or bytes) as `type` at a fresh path; returns its URL on `where`. */
    file: (body, type, where = 'benign.turnback.test') => register({ body, type }, where),
    /** Stops serving what a test registered at `url`: it is a trap page again. */
    forget: (url) => fixtures.delete(new URL(url).pathname),
    /** A fresh URL on `where` (host or origin) that answers 302 to `to`. */
    redirect: (to, where = 'benign.turnback.test') => register({ redirect: to }, where),
    /** Beacons sent by a page whose URL (host + path) starts with `prefix`, e.g. `blocked.turnback.test/`. */
    beaconsFrom: (prefix) =>
      requests.filter((r) => r.path.startsWith('/beacon') && `${r.host}${new URL(r.url).searchParams.get('from')}`.startsWith(prefix)),
    /** Requests whose URL (host + path, no scheme) starts with `prefix`. */
    requestsTo: (prefix) => requests.filter((r) => `${r.host}${r.path}`.startsWith(prefix)),
    /** Forgets the recorded requests. */
    clear: () => requests.splice(0),
    /** Stops listening and drops every connection; does not wait for stragglers. */
    close: async () => {
      front.close();
      plain.close();
      tls.close();
      for (const s of sockets) s.destroy();
    },
  };
  return server;
}
