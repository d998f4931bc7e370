// The type of `api` (src/shared/browser.js) when checking against Chromium's
// extension API (jsconfig.json).

/** The WebExtension API namespace, as @types/chrome declares it. */
type WebExtensionApi = typeof chrome;
