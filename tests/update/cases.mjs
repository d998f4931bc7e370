// The shared publish index cases (tests/data/index-cases.json) made into
// bytes exactly as tests/index_cases.rs makes them: the table's "about"
// says how. Not a test file.

import { createPrivateKey, createPublicKey, createHash, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TABLE = join(dirname(fileURLToPath(import.meta.url)), '../data/index-cases.json');
/** The table. */
export const doc = JSON.parse(readFileSync(TABLE, 'utf8'));

/** Ed25519 PKCS#8 prefix before a 32-byte seed. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * A test key from its seed (hex): signer, public key hex and key id.
 * @param {string} seedHex
 */
export function testKey(seedHex) {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, Buffer.from(seedHex, 'hex')]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const pub = Buffer.from(spki.subarray(spki.length - 32));
  return {
    sign: (/** @type {Uint8Array} */ bytes) => sign(null, bytes, privateKey),
    publicHex: pub.toString('hex'),
    keyId: createHash('sha256').update(pub).digest().subarray(0, 8).toString('hex'),
  };
}

/** The two test keys of the table. */
export const keys = { key: testKey(doc.seeds.key), other: testKey(doc.seeds.other) };

/**
 * The index bytes of a case.
 * @param {any} c
 */
export function bytesOf(c) {
  const fill = (/** @type {string} */ s) =>
    s.replaceAll('{key}', keys.key.keyId).replaceAll('{other}', keys.other.keyId).replaceAll('{sha}', 'ab'.repeat(32));
  let text = c.lines.map((/** @type {string} */ l) => `${fill(l)}\n`).join('');
  for (let n = 0; n < (c.deltaLines ?? 0); n += 1) text += fill(`delta ${n} d${n}.tbd 1 {sha}\n`);
  let bytes = c.latin1 ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
  const signer = c.sign === undefined ? 'key' : c.sign;
  if (signer !== null) {
    let sig = keys[/** @type {'key' | 'other'} */ (signer)].sign(bytes).toString('hex');
    if (c.upperSignature) sig = sig.toUpperCase();
    bytes = Buffer.concat([bytes, Buffer.from(`signature ${sig}\n`)]);
  }
  if (c.tamper) bytes = Buffer.from(bytes.toString('utf8').replace(c.tamper[0], c.tamper[1]), 'utf8');
  if (c.appendAfterSign) bytes = Buffer.concat([bytes, Buffer.from(`${fill(c.appendAfterSign)}\n`)]);
  if (c.chop) bytes = bytes.subarray(0, bytes.length - c.chop);
  if (c.fill) bytes = Buffer.concat([bytes, Buffer.alloc(c.fill, '#')]);
  return new Uint8Array(bytes);
}
