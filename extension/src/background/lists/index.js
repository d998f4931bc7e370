// First minimal version (CORE); the LISTS branch replaces this file with
// persisted lists, settings and signed updates. Same exports, same contract.

/**
 * The last good list persisted for the configured key, or null to use the
 * packaged demo list.
 * @returns {Promise<{ bytes: Uint8Array, publicKey: string, source: string } | null>}
 */
export async function initialList() {
  return null;
}

/**
 * Registers the update triggers (install, start, alarm). Called once,
 * synchronously, from the worker's top level.
 * @param {{ engineReady: Function, swapEngine: Function }} _engine
 */
export function startUpdates(_engine) {}

/**
 * Answers list messages (getStatus, saveSettings, updateNow); undefined for
 * any other type so the caller can try its own handlers.
 * @param {{ type: string }} _msg
 * @param {object} _sender
 * @returns {Promise<any> | undefined}
 */
export function handleListMessage(_msg, _sender) {
  return undefined;
}
