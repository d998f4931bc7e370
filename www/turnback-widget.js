// Turnback search widget: on-device prevention warnings for a search box.
// Dependency-free ES module; see turnback-widget.d.ts for the API (the
// types below name it, so tsc checks this module against it).

import { TurnbackInstance } from './src/instance.js';
import { resolveOptions } from './src/options.js';
import { TurnbackNotice, defineNotice } from './src/notice.js';
import { countryFromLocale } from './src/locale.js';

/**
 * Fetches and verifies the signed list, then resolves with a widget instance.
 * It resolves even when the list cannot be loaded: the instance then follows
 * `failMode` and retries in the background. Once loaded, the list is fetched
 * again every `refreshMinutes` and a newer one is swapped in.
 * @param {import('./turnback-widget.js').LoadOptions} options
 * @returns {Promise<import('./turnback-widget.js').TurnbackInstance>}
 */
export async function load(options) {
  const instance = new TurnbackInstance(resolveOptions(options));
  defineNotice();
  await instance.refresh();
  return instance;
}

/** The widget's entry point: `await Turnback.load({ list, publicKey })`. */
export const Turnback = /** @satisfies {typeof import('./turnback-widget.js').Turnback} */ (Object.freeze({ load }));
export { TurnbackInstance, TurnbackNotice, countryFromLocale };
export default Turnback;
