// What an administrator does to deploy the extension by policy from their
// own server: pack it into a signed CRX and describe it in an update
// manifest. Used by policy.test.mjs. Not a test file itself.

import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaled } from '../deadline.mjs';
import { CHROMIUM } from '../e2e/chromium.mjs';

/** Chromium's extension id: the first 128 bits of SHA-256 of the public key, as letters a–p. */
export function extensionIdOf(publicKeyDer) {
  const digest = createHash('sha256').update(publicKeyDer).digest().subarray(0, 16);
  return [...digest].map((b) => String.fromCharCode(97 + (b >> 4), 97 + (b & 15))).join('');
}

/**
 * Packs `dist` with Chromium's own packer and a fresh RSA key, as
 * `chromium --pack-extension` does for an administrator. The manifest's
 * development `key` is dropped: the packing key decides the id.
 * @param {string} dist an unpacked extension
 * @returns {{ crx: Buffer, id: string, version: string }}
 */
export function packCrx(dist) {
  const dir = mkdtempSync(join(tmpdir(), 'turnback-crx-'));
  try {
    const src = join(dir, 'extension');
    cpSync(dist, src, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8'));
    delete manifest.key;
    writeFileSync(join(src, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = join(dir, 'key.pem');
    writeFileSync(pem, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    execFileSync(
      CHROMIUM,
      ['--headless', '--no-sandbox', `--user-data-dir=${join(dir, 'profile')}`, `--pack-extension=${src}`, `--pack-extension-key=${pem}`],
      { stdio: 'ignore', timeout: scaled(60_000) },
    );
    const crxPath = join(dir, 'extension.crx');
    if (!existsSync(crxPath)) throw new Error(`chromium --pack-extension wrote no ${crxPath}`);
    return {
      crx: readFileSync(crxPath),
      id: extensionIdOf(publicKey.export({ type: 'spki', format: 'der' })),
      version: manifest.version,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The update manifest (gupdate XML) a policy's update URL answers with. */
export function updateManifest({ id, version }, crxUrl) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<gupdate xmlns="http://www.google.com/update2/response" protocol="2.0">
  <app appid="${id}"><updatecheck codebase="${crxUrl}" version="${version}"/></app>
</gupdate>
`;
}
