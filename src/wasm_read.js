// Reads a checked string into the engine's buffer (src/wasm.rs, `Inbox`):
// one call from Wasm per check instead of a type check, `encodeInto` and a
// read of its result object. wasm-bindgen copies this module next to the
// glue (www/pkg/snippets/), which imports it.

const encoder = new TextEncoder();

// Up to this many UTF-16 units, ASCII is copied by a plain loop rather than
// `encodeInto` (docs/benchmarks.md, "One call reads the string, one frozen
// miss"): a browser's encodeInto costs a fixed 300-450 ns a call (Chromium
// converts the string each time) and the loop wins up to about 300 units in
// Chromium and Firefox; Node's is a native fast call that wins from about 20.
const LOOP_MAX = globalThis.process?.versions?.node ? 0 : 256;

/**
 * Writes as many whole characters of `text` as fit into `dest` as UTF-8,
 * exactly as `TextEncoder.encodeInto` does (lone surrogates become U+FFFD).
 * @param {unknown} text
 * @param {Uint8Array} dest
 * @returns {number} the bytes written, or -1 when `text` is not a string
 */
export function readString(text, dest) {
  if (typeof text !== 'string') return -1;
  const n = text.length;
  if (n > LOOP_MAX || n > dest.length) return encoder.encodeInto(text, dest).written;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Not ASCII: encodeInto does it all again (cheaper than slicing).
    if (c > 0x7f) return encoder.encodeInto(text, dest).written;
    dest[i] = c;
  }
  return n;
}
