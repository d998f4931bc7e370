// How often a listed page wins the race against the extension in Chromium
// (not part of `make test`; see extension/README.md). Every listed page
// requests a beacon as soon as it runs; the loopback server answers at once,
// the harshest case. Prints the counts and the machine load.
//  1. Cold starts: browsers whose first web navigation is a listed page,
//     opened as soon as the browser listens: time to the warning page and
//     how often the page ran; with a fresh profile each time, then as
//     restarts of one profile the extension was installed in before. Then
//     fresh starts with the listed URL on the browser's command line (a
//     start-up tab), counted apart.
//  2. First and second visits in one warm browser.
//   node benches/extension/beacon-race.mjs [distinct URLs, default 200] [cold starts, default 20]
//     [command-line starts, default 5]

import { loadavg } from 'node:os';
import { launchExtension, startServer } from '../../tests/extension/harness.mjs';
import { runBeaconScenario } from '../../tests/extension/beacon-scenario.mjs';
import { rmSync } from 'node:fs';
import { coldStart, installedProfile, spread } from '../../tests/extension/coldstart-scenario.mjs';

const count = (i, fallback, min) => Math.max(min, Number(process.argv[i] ?? fallback));
const distinct = count(2, 200, 4);
const coldStarts = count(3, 20, 0);
const commandLineStarts = count(4, 5, 0);
const load = () => loadavg()[0].toFixed(1);
const fmt = (s) => (s ? `${s.min}–${s.max} ms, median ${s.median} ms` : 'none');

/** Runs `n` cold starts and prints what they show. */
async function runColdStarts(server, n, label, options) {
  if (n === 0) return;
  const before = load();
  const results = [];
  for (let i = 0; i < n; i++) results.push(await coldStart(server, options));
  const warned = results.filter((r) => r.warned);
  console.log(`${label}: ${n} starts, load average (1 min) ${before} before, ${load()} after`);
  console.log(`  ended on the warning page: ${warned.length}` + (warned.length < n ? ` (not: ${[...new Set(results.filter((r) => !r.warned).map((r) => r.error))].join('; ')})` : ''));
  console.log(`  warning after the browser started: ${fmt(spread(warned.map((r) => r.warningMs)))}`);
  if (!options.commandLine) console.log(`  warning after the tab was opened:   ${fmt(spread(warned.map((r) => r.warningMs - r.openMs)))}`);
  console.log(`  listed URL reached the server: ${results.filter((r) => r.reachedServer).length}, page ran (beacon seen): ${results.filter((r) => r.ran).length}`);
  const stuck = results.filter((r) => !r.warned && !r.reachedServer).length;
  if (stuck) console.log(`  neither warned nor requested (the tab hung): ${stuck}`);
}

const server = await startServer();
try {
  await runColdStarts(server, coldStarts, 'cold start, fresh profile (the extension installs as the browser starts)', {});
  const profile = await installedProfile(server);
  try {
    await runColdStarts(server, coldStarts, 'cold start, restart (the extension installed before)', { profile });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  await runColdStarts(server, commandLineStarts, 'cold start, listed URL on the command line', { commandLine: true, waitMs: 8000 });
  server.clear(); // the warm counts below read every beacon the server got
  const ext = await launchExtension(server);
  try {
    const before = load();
    const r = await runBeaconScenario(ext, server, { per: Math.ceil(distinct / 4), visits: 2 });
    console.log(`warm browser: load average (1 min) at start: ${before}`);
    console.log(`  first visits: ${r.firstVisits}, reached the server: ${r.firstVisitsReachingServer}, ran (beacon seen): ${r.ranPages.length}`);
    console.log(`  second visits: ${r.firstVisits}, requests that reached the server: ${r.repeatRequests.length}`);
    console.log(`  beacon requests in total: ${r.beacons.length}`);
  } finally {
    await ext.close();
  }
} finally {
  await server.close();
}
