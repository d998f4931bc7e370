// The type of `api` (src/shared/browser.js) when checking against Chromium's
// extension API (jsconfig.json).

/** The WebExtension API namespace, as @types/chrome declares it. */
type WebExtensionApi = typeof chrome;

// A blocking listener may answer with a promise: Chromium waits for it
// (extensions granted blocking webRequest, tests/extension/policy.test.mjs),
// as Firefox does; @types/chrome declares only the answer returned at once.
// The type parameters repeat @types/chrome's, as merging requires.
declare namespace chrome.webRequest {
  interface WebRequestEvent<T extends (...args: any) => void, U extends string[]> {
    addListener(callback: (...args: Parameters<T>) => Promise<ReturnType<T>>, filter: RequestFilter, extraInfoSpec?: U): void;
  }
}
