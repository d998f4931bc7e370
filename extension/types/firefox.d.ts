// The type of `api` (src/shared/browser.js) when checking against Firefox's
// extension API (jsconfig.firefox.json).

/** The WebExtension API namespace, as @types/firefox-webext-browser declares it. */
type WebExtensionApi = typeof browser;
