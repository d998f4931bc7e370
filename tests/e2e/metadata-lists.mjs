// Signed test lists with chosen metadata: built by the CLI from the demo
// sources and a --meta file, or with raw metadata the CLI would refuse (the
// metadata section of a CLI-made list replaced and the file signed again
// with the demo key, as a careless or hostile publisher could sign it), for
// tests of what a reader refuses at load. Synthetic services only, on
// reserved hosts. Shared by the widget's and the extension's tests. Not a
// test file.

import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO, 'target/release/turnback');
const DEMO = join(REPO, 'data/demo');

/** A made-up help service for every country with a phone written with spaces, parentheses and hyphens. */
export const PHONE_SERVICE = {
  id: 'phone-demo',
  name: 'Phone Demo Service',
  url: 'https://help.turnback.test/',
  phone: '+00 (0) 123-456 789',
  chat: false,
  countries: ['*'],
  languages: ['en'],
  description: 'A made-up help service for tests.',
};
/** What a tel: link must dial for PHONE_SERVICE: its digits after the leading +. */
export const PHONE_DIALS = 'tel:+000123456789';

/** Runs `turnback build` on the demo sources with `meta` as the --meta file; the CLI's exit status and stderr. */
export function buildWithMeta(dir, name, meta, { sequence = 1 } = {}) {
  const metaFile = join(dir, `${name}.meta.json`);
  writeFileSync(metaFile, JSON.stringify(meta));
  const out = join(dir, name);
  try {
    execFileSync(CLI, [
      'build', '--id', 'demo', '--sequence', String(sequence), '--expires', '30d',
      '--urls', join(DEMO, 'urls.txt'), '--keywords', join(DEMO, 'keywords.txt'), '--rules', join(DEMO, 'rules.txt'),
      '--meta', metaFile, '--key', join(DEMO, 'demo.key'), '--out', out,
    ], { stdio: 'pipe' });
    return { status: 0, stderr: '', bytes: new Uint8Array(readFileSync(out)) };
  } catch (err) {
    return { status: err.status, stderr: String(err.stderr) };
  }
}

/** The demo categories with `resources` as the only help services. */
export const metaWith = (resources) => ({ categories: ['default', 'demo-media'], resources });

const HEADER = 96;
const ENTRY = 24;
const SIGNATURE = 64;
const METADATA = 9;
/** DER of a PKCS #8 Ed25519 private key, up to the 32-byte seed. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The demo secret key (data/demo/demo.key) as a Node key object. */
function demoKey() {
  const seed = Buffer.from(readFileSync(join(DEMO, 'demo.key'), 'utf8').trim().split(/\s+/).pop(), 'hex');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

/** The metadata section's table entry offset and the section's offset (docs/list-format.md). */
function metadataSection(file) {
  const count = file.readUInt32LE(80);
  for (let i = 0; i < count; i++) {
    const entry = HEADER + i * ENTRY;
    if (file.readUInt32LE(entry) === METADATA) return { entry, offset: Number(file.readBigUInt64LE(entry + 8)) };
  }
  throw new Error('no metadata section');
}

/** The metadata JSON of a list file. */
export function metadataOf(bytes) {
  const file = Buffer.from(bytes);
  const { entry, offset } = metadataSection(file);
  return JSON.parse(file.toString('utf8', offset, offset + Number(file.readBigUInt64LE(entry + 16))));
}

/**
 * `bytes` (a list built by the CLI, metadata last) with `change` applied to
 * its metadata JSON, signed again with the demo key.
 * @param {Uint8Array} bytes
 * @param {(meta: object) => void} change
 * @returns {Uint8Array}
 */
export function withChangedMetadata(bytes, change) {
  const file = Buffer.from(bytes);
  const meta = metadataOf(file);
  change(meta);
  const json = Buffer.from(JSON.stringify(meta));
  const { entry, offset } = metadataSection(file);
  const padded = Math.ceil((offset + json.length) / 8) * 8;
  const body = Buffer.alloc(padded);
  file.copy(body, 0, 0, offset);
  json.copy(body, offset);
  body.writeBigUInt64LE(BigInt(json.length), entry + 16);
  body.writeBigUInt64LE(BigInt(padded + SIGNATURE), 88);
  return new Uint8Array(Buffer.concat([body, sign(null, body, demoKey())]));
}
