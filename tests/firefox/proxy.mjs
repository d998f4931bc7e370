// Firefox's way to the recording test server (tests/extension/server.mjs):
// Firefox has no --host-resolver-rules, so it is told to use this loopback
// HTTP proxy for every host. The proxy hands each request to the test server
// unchanged but for the request line (absolute URL → path), and tunnels
// CONNECT to it for HTTPS, so the server records every request the browser
// makes, whatever its host, exactly as it does for Chromium.

import { connect } from 'node:net';
import { createServer, request } from 'node:http';

/**
 * Starts the proxy on a free loopback port in front of the server listening
 * on `target` (a port on 127.0.0.1). Resolves with { port, close() }.
 * @param {number} target
 */
export async function startProxy(target) {
  const sockets = new Set();
  const proxy = createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target,
        method: req.method,
        path: url.pathname + url.search,
        headers: { ...req.headers, host: url.host },
        agent: false,
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  proxy.on('connect', (req, socket, head) => {
    const tunnel = connect(target, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) tunnel.write(head);
      tunnel.pipe(socket);
      socket.pipe(tunnel);
    });
    const drop = () => {
      tunnel.destroy();
      socket.destroy();
    };
    tunnel.on('error', drop);
    socket.on('error', drop);
    socket.on('close', drop);
  });
  proxy.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise((ok, fail) => {
    proxy.once('error', fail);
    proxy.listen(0, '127.0.0.1', ok);
  });
  return {
    port: proxy.address().port,
    /** Stops the proxy and drops every open connection and tunnel. */
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        proxy.close(() => ok());
      }),
  };
}
