// Debian's nginx on loopback, as a publisher or CDN serves lists: static
// files with ETag and Last-Modified, and to clients that accept gzip the
// pre-compressed copy (gzip_static: Content-Length is then the compressed
// size, as CDNs send compressed objects) or, for other files, gzip on the
// fly (chunked, no Content-Length). The Cache-Control of docs/publishing.md
// ("Caching": index.txt revalidated, .tbl and .tbd immutable), CORS for
// pages on other origins (the widget), and an access log the tests read to
// see which files a client fetched.
// Started by the tests in a folder of its own; never the system's nginx
// configuration or port. Not a test file.

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

/** A free loopback port (taken and released: nginx binds it right after). */
async function freePort() {
  const probe = createServer();
  await new Promise((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address();
  await new Promise((ok) => probe.close(ok));
  return port;
}

/**
 * Starts nginx serving the files in `files` (name → bytes) from its root,
 * each with its gzip copy beside it.
 * @param {Record<string, Uint8Array>} files
 * @param {{ waitFor: (fn: () => Promise<unknown>, what: string) => Promise<unknown> }} deps the test's wait helper
 * @returns {Promise<{ origin: string, put(name: string, bytes: Uint8Array): void, remove(name: string): void,
 *   requests(): { path: string, status: number, ifNoneMatch: string }[], stop(): Promise<void>, close(): Promise<void> }>}
 *   requests: the access log so far (path, status, the If-None-Match sent or ''); stop: nginx ends (the
 *   server is down), its files and log kept until close
 */
export async function startNginx(files, { waitFor }) {
  const dir = mkdtempSync(join(tmpdir(), 'turnback-nginx-'));
  // nginx's workers run as nobody when started by root: they must read the files.
  chmodSync(dir, 0o755);
  const root = join(dir, 'www');
  mkdirSync(root, { mode: 0o755 });
  // nginx's ETag is the file's mtime and size: each file put gets a later
  // mtime, so a new index of the same size written within the second (as a
  // test does) is not answered with a 304.
  let mtime = Math.floor(Date.now() / 1000) - 86_400;
  const put = (name, bytes) => {
    mtime += 1;
    for (const [file, body] of [[name, bytes], [`${name}.gz`, gzipSync(bytes)]]) {
      writeFileSync(join(root, file), body, { mode: 0o644 });
      utimesSync(join(root, file), mtime, mtime);
    }
  };
  const remove = (name) => {
    rmSync(join(root, name), { force: true });
    rmSync(join(root, `${name}.gz`), { force: true });
  };
  for (const [name, bytes] of Object.entries(files)) put(name, bytes);
  const accessLog = join(dir, 'access.log');
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, t)};`).join('\n');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 64; }
http {
  log_format turnback '$request_uri $status "$http_if_none_match"';
  access_log ${accessLog} turnback;
${temp}
  types { application/octet-stream tbl tbd; text/plain txt; }
  default_type application/octet-stream;
  gzip on;
  gzip_static on;
  gzip_types application/octet-stream;
  gzip_min_length 1;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    etag on;
    # Any page may read the lists (the widget on a search provider's
    # origin); each location repeats it, as nginx does not inherit add_header.
    add_header Access-Control-Allow-Origin "*" always;
    location ~ /index\\.txt$ {
      add_header Cache-Control "public, max-age=60" always;
      add_header Access-Control-Allow-Origin "*" always;
    }
    location ~ \\.(tbl|tbd)$ {
      add_header Cache-Control "public, max-age=31536000, immutable" always;
      add_header Access-Control-Allow-Origin "*" always;
    }
  }
}
`,
  );
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' });
  let exited = null;
  child.on('exit', (code) => {
    exited = code;
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (exited !== null) throw new Error(`nginx exited with ${exited} (see ${join(dir, 'error.log')})`);
    return fetch(`${origin}/`).then(() => true, () => false);
  }, 'nginx to listen');
  const stop = async () => {
    if (exited === null) {
      const gone = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await gone;
    }
  };
  return {
    origin,
    put,
    remove,
    requests() {
      // nginx writes each line as the request ends, before the next is read.
      if (!existsSync(accessLog)) return [];
      return readFileSync(accessLog, 'utf8').split('\n').filter(Boolean).map((line) => {
        const [, path, status, inm] = /^(\S+) (\d+) "(.*)"$/.exec(line) ?? [];
        return { path, status: Number(status), ifNoneMatch: inm === '-' ? '' : inm };
      });
    },
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
