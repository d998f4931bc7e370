// How often a listed page's first visit wins the race against the extension
// in Chromium (not part of `make test`; see extension/README.md). Every
// listed page requests a beacon as soon as it runs; the loopback server
// answers at once, the harshest case. Prints the counts and the machine load.
//   node benches/extension/beacon-race.mjs [distinct URLs, default 200]

import { loadavg } from 'node:os';
import { launchExtension, startServer } from '../../tests/extension/harness.mjs';
import { runBeaconScenario } from '../../tests/extension/beacon-scenario.mjs';

const distinct = Math.max(4, Number(process.argv[2] ?? 200));
const server = await startServer();
const ext = await launchExtension(server);
try {
  const load = loadavg()[0].toFixed(1);
  const r = await runBeaconScenario(ext, server, { per: Math.ceil(distinct / 4), visits: 2 });
  console.log(`load average (1 min) at start: ${load}`);
  console.log(`first visits: ${r.firstVisits}, reached the server: ${r.firstVisitsReachingServer}, ran (beacon seen): ${r.ranPages.length}`);
  console.log(`second visits: ${r.firstVisits}, requests that reached the server: ${r.repeatRequests.length}`);
  console.log(`beacon requests in total: ${r.beacons.length}`);
} finally {
  await ext.close();
  await server.close();
}
