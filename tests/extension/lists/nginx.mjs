// Debian's nginx on loopback, as a publisher or CDN serves lists: static
// files with ETag and Last-Modified, and to clients that accept gzip the
// pre-compressed copy (gzip_static: Content-Length is then the compressed
// size, as CDNs send compressed objects) or, for other files, gzip on the
// fly (chunked, no Content-Length).
// Started by the tests in a folder of its own; never the system's nginx
// configuration or port. Not a test file.

import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
 * @returns {Promise<{ origin: string, put(name: string, bytes: Uint8Array): void, close(): Promise<void> }>}
 */
export async function startNginx(files, { waitFor }) {
  const dir = mkdtempSync(join(tmpdir(), 'turnback-nginx-'));
  // nginx's workers run as nobody when started by root: they must read the files.
  chmodSync(dir, 0o755);
  const root = join(dir, 'www');
  mkdirSync(root, { mode: 0o755 });
  const put = (name, bytes) => {
    writeFileSync(join(root, name), bytes, { mode: 0o644 });
    writeFileSync(join(root, `${name}.gz`), gzipSync(bytes), { mode: 0o644 });
  };
  for (const [name, bytes] of Object.entries(files)) put(name, bytes);
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
  access_log off;
${temp}
  types { application/octet-stream tbl; }
  default_type application/octet-stream;
  gzip on;
  gzip_static on;
  gzip_types application/octet-stream;
  gzip_min_length 1;
  server {
    listen 127.0.0.1:${port};
    root ${root};
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
  return {
    origin,
    put,
    async close() {
      if (exited === null) {
        const gone = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
