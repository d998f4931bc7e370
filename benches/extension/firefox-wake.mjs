// What a suspended background costs on Firefox, and whether the keep-alive
// keeps it from being suspended (not part of `make test`; see
// extension/README.md). Reads the background's state from Firefox itself
// (Marionette's chrome context).
//   node benches/extension/firefox-wake.mjs [rounds, default 8]
//     times driver.get of a benign page and of a listed page (to the warning
//     page) from a suspended and from a running background, idle timeout 1.5 s
//   node benches/extension/firefox-wake.mjs --idle
//     at Firefox's default idle timeout (30 s), polls the background state for
//     65 s with the extension as built and with a copy without the keep-alive

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADDON_ID, DIST, inChrome, launchFirefox, nonce, until, waitForWarning } from '../../tests/firefox/harness.mjs';

const KEEP_ALIVE = 'setInterval(() => api.runtime.getPlatformInfo(), 20_000);';

/** The add-on's background state as Firefox reports it ('running', 'stopped', …). */
function state(driver) {
  return inChrome(driver, 'return WebExtensionPolicy.getByID(arguments[0]).extension.backgroundState', ADDON_ID);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function timeWakeUps(rounds) {
  const ff = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': 1500 }, systemAccess: true });
  const d = ff.driver;
  const runs = { 'benign, suspended': [], 'benign, running': [], 'listed, suspended': [], 'listed, running': [] };
  const timed = async (key, want, go) => {
    if ((await state(d)) !== want) throw new Error(`the background is not ${want} before "${key}"`);
    const t = Date.now();
    await go();
    runs[key].push(Date.now() - t);
  };
  const asleep = () => until(async () => (await state(d)) === 'stopped', 'the background to be suspended', 20_000, 100);
  const benign = () => d.get(`http://www.turnback.test/open/${nonce()}.html`);
  const listed = async () => {
    await d.get(`http://blocked.turnback.test/${nonce()}`);
    await waitForWarning(d);
  };
  try {
    console.log(`load average (1 min) at start: ${loadavg()[0].toFixed(1)}`);
    for (let i = 0; i < rounds; i++) {
      await asleep();
      await timed('benign, suspended', 'stopped', benign);
      await timed('benign, running', 'running', benign);
      await asleep();
      await timed('listed, suspended', 'stopped', listed);
      await timed('listed, running', 'running', listed);
    }
    for (const [key, ms] of Object.entries(runs)) {
      console.log(`${key}: median ${median(ms)} ms, min ${Math.min(...ms)}, max ${Math.max(...ms)} (n=${ms.length})`);
    }
    console.log(`load average (1 min) at end: ${loadavg()[0].toFixed(1)}`);
  } finally {
    await ff.close();
  }
}

/** Polls the background state every 5 s for 65 s at the default idle timeout. */
async function watchIdle(label, dist) {
  const ff = await launchFirefox({ systemAccess: true, extension: dist });
  const seen = [];
  try {
    const t0 = Date.now();
    while (Date.now() - t0 < 65_000) {
      // The polling period, not a deadline: unscaled, unlike the harness's settle().
      await new Promise((ok) => setTimeout(ok, 5_000));
      seen.push(`${Math.round((Date.now() - t0) / 1000)} s ${await state(ff.driver)}`);
    }
  } finally {
    await ff.close();
  }
  console.log(`${label}: ${seen.join(', ')}`);
}

if (process.argv[2] === '--idle') {
  const bare = mkdtempSync(join(tmpdir(), 'turnback-no-keepalive-'));
  try {
    cpSync(DIST, bare, { recursive: true });
    const main = join(bare, 'src/background/main.js');
    const source = readFileSync(main, 'utf8');
    if (!source.includes(KEEP_ALIVE)) throw new Error(`the keep-alive line is not in ${main}`);
    writeFileSync(main, source.replace(KEEP_ALIVE, ''));
    await Promise.all([watchIdle('with the keep-alive', DIST), watchIdle('without the keep-alive', bare)]);
  } finally {
    rmSync(bare, { recursive: true, force: true });
  }
} else {
  await timeWakeUps(Math.max(1, Number(process.argv[2] ?? 8)));
}
