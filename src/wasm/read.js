// readString for src/wasm/inbox.rs (where the why is written: this file
// ships with the module and counts in its size budget).

const encoder = new TextEncoder();

// ASCII up to this many units by a loop (browsers), else encodeInto (Node).
const LOOP_MAX = globalThis.process?.versions?.node ? 0 : 256;

/** @param {unknown} text @param {Uint8Array} dest @returns {number} */
export function readString(text, dest) {
  if (typeof text !== 'string') return -1;
  const n = text.length;
  if (n > LOOP_MAX || n > dest.length) return encoder.encodeInto(text, dest).written;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encodeInto(text, dest).written;
    dest[i] = c;
  }
  return n;
}
