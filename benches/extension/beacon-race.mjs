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
// With --latency MS[,MS…] (e.g. --latency 0,20,50,100) it runs only the
// first visits of step 2, once per latency, each in a fresh browser: the
// server holds back the first byte of every listed (trap) page for MS
// milliseconds, as a server that far away would; the beacon its script and
// image request, which is what shows that the page ran, is answered at once
// (its delay would not change when it was sent). Prints, per latency, how
// many first visits reached the server and how many ran, with a 95 % range.
//   node benches/extension/beacon-race.mjs --latency 20,50,100 [distinct URLs per latency, default 200]

import { loadavg } from 'node:os';
import { launchExtension, startServer } from '../../tests/extension/harness.mjs';
import { runBeaconScenario } from '../../tests/extension/beacon-scenario.mjs';
import { rmSync } from 'node:fs';
import { coldStart, installedProfile, spread } from '../../tests/extension/coldstart-scenario.mjs';

const latencyAt = process.argv.indexOf('--latency');
/** The first-byte delays of --latency, or null for the full run. */
const latencies = latencyAt > 0 ? process.argv.splice(latencyAt, 2)[1].split(',').map(Number) : null;
if (latencies?.some((ms) => !Number.isFinite(ms) || ms < 0)) {
  console.error('beacon-race: --latency takes milliseconds, e.g. --latency 20,50,100');
  process.exit(2);
}
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

/** The 95 % Wilson score interval of `k` in `n`, as percentages. */
function wilson(k, n) {
  const z = 1.96;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  const pct = (x) => (100 * Math.max(0, Math.min(1, x))).toFixed(1);
  return `${pct(p)} % (95 % range ${pct(centre - half)}–${pct(centre + half)} %)`;
}

/** First visits only, in a fresh browser per latency: how many reached the server, how many ran. */
async function runLatencies(server) {
  console.log(`first visits per latency: ${distinct} (4 kinds of listed URL, every fourth by a link click)`);
  for (const ms of latencies) {
    server.clear();
    server.trapDelayMs = ms;
    const ext = await launchExtension(server);
    try {
      const before = load();
      const r = await runBeaconScenario(ext, server, { per: Math.ceil(distinct / 4), visits: 1 });
      console.log(`+${ms} ms first byte: load average (1 min) ${before} before, ${load()} after`);
      console.log(`  reached the server: ${r.firstVisitsReachingServer} of ${r.firstVisits}, ${wilson(r.firstVisitsReachingServer, r.firstVisits)}`);
      console.log(`  ran (beacon seen):  ${r.ranPages.length} of ${r.firstVisits}, ${wilson(r.ranPages.length, r.firstVisits)}`);
    } finally {
      await ext.close();
    }
  }
}

/** Cold starts, then first and second visits in one warm browser. */
async function runFull(server) {
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
}

const server = await startServer();
try {
  await (latencies ? runLatencies(server) : runFull(server));
} finally {
  await server.close();
}
