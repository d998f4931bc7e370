// The one browser-API shim: Firefox exposes promise-based `browser`,
// Chromium `chrome` (promise-based in MV3 too), so one name serves both.

/** The WebExtension API namespace of the running browser. */
export const api = globalThis.browser ?? globalThis.chrome;
