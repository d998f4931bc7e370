// Debian's Chromium driven by playwright-core, with the launch options this
// machine kind needs (see shared notes): one place for the e2e tests and the
// Wasm benchmark. Never downloads a browser.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-sync',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
];

/** Headless Chromium with the options above. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}
