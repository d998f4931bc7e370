// The one browser-API shim: Firefox exposes promise-based `browser`,
// Chromium `chrome` (promise-based in MV3 too), so one name serves both.
// Its type is Chromium's API when tsc checks with jsconfig.json and
// Firefox's with jsconfig.firefox.json (extension/types/): the code that
// uses it must type-check against both.

/** The globals that may carry the API. */
const globals = /** @type {{ browser?: WebExtensionApi, chrome?: WebExtensionApi }} */ (globalThis);

/** The WebExtension API namespace of the running browser. */
export const api = /** @type {WebExtensionApi} */ (globals.browser ?? globals.chrome);
