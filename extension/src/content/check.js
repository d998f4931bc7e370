// document_start, every frame of every http(s) page: asks the worker whether
// this document may run, and if not stops it and replaces it with the
// warning page. A classic script (content scripts cannot be modules), so it
// carries its own one-line browser shim and its own copy of the one message
// name it sends (tests/extension/lists/protocol.test.mjs runs this script
// and checks what it sends against the protocol).
(() => {
  const globals = /** @type {{ browser?: WebExtensionApi, chrome?: WebExtensionApi }} */ (globalThis);
  const api = /** @type {WebExtensionApi} */ (globals.browser ?? globals.chrome);
  /** MSG.checkFrame (src/shared/protocol.js): a CheckFrameMessage. */
  const CHECK_FRAME = 'checkFrame';

  const check = () =>
    api.runtime.sendMessage({ type: CHECK_FRAME, url: location.href }).then(
      /** @param {import('../shared/protocol.js').CheckFrameReply | undefined} reply */
      (reply) => {
        if (!reply?.blocked) return;
        window.stop();
        document.documentElement?.replaceChildren();
        location.replace(reply.warningUrl);
      },
      () => {}, // worker unreachable (e.g. extension reloading): webNavigation still acts
    );

  check();
  // A page restored from the back/forward cache does not rerun this script.
  addEventListener('pageshow', (event) => {
    if (event.persisted) check();
  });
})();
