// The proxy the Firefox tests rely on to see every request: plain HTTP in
// proxy form and HTTPS through CONNECT both reach the recording server as the
// URL the browser asked for. No browser needed.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import { after, before, test } from 'node:test';
import { startServer } from '../extension/server.mjs';
import { startProxy } from './proxy.mjs';

let server;
let proxy;
before(async () => {
  server = await startServer();
  proxy = await startProxy(server.port);
});
after(async () => {
  await proxy?.close();
  await server?.close();
});

test('an absolute-form HTTP request is recorded with its host and path', async () => {
  const status = await new Promise((ok, fail) => {
    request({ host: '127.0.0.1', port: proxy.port, path: 'http://www.turnback.test/open/p?x=1', agent: false }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode));
    })
      .on('error', fail)
      .end();
  });
  assert.equal(status, 200);
  assert.deepEqual(
    server.requestsTo('www.turnback.test/open/p').map((r) => r.url),
    ['http://www.turnback.test/open/p?x=1'],
  );
});

test('a CONNECT tunnel carries HTTPS to the server, which records the URL', async () => {
  const socket = await new Promise((ok, fail) => {
    request({ host: '127.0.0.1', port: proxy.port, method: 'CONNECT', path: 'blocked.turnback.test:443', agent: false })
      .on('connect', (res, s) => (res.statusCode === 200 ? ok(s) : fail(new Error(`CONNECT: ${res.statusCode}`))))
      .on('error', fail)
      .end();
  });
  const body = await new Promise((ok, fail) => {
    const tls = tlsConnect({ socket, servername: 'blocked.turnback.test', rejectUnauthorized: false }, () => {
      tls.write('GET /tunnel?y=2 HTTP/1.1\r\nhost: blocked.turnback.test\r\nconnection: close\r\n\r\n');
    });
    let text = '';
    tls.on('data', (d) => (text += d));
    tls.on('end', () => ok(text));
    tls.on('error', fail);
  });
  assert.match(body, /^HTTP\/1\.1 200/);
  assert.deepEqual(
    server.requestsTo('blocked.turnback.test/tunnel').map((r) => r.url),
    ['https://blocked.turnback.test/tunnel?y=2'],
  );
});
