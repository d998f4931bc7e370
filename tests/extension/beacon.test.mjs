// "The blocked page never runs", measured: every listed page the server
// sends requests a beacon (an <img> and an inline fetch) as soon as it runs.
// 120 navigations to listed pages: 40 distinct URLs under host-suffix and
// path-prefix entries, each visited twice more.
//
// Second and later visits are stopped before any request (a session rule for
// the exact URL), so they are asserted strictly. A first visit races the page
// in Chromium: MV3 gives a normal install no blocking hook (policy.test.mjs
// covers installs by policy, which have one), and the loopback server
// answers before the rules can be in force in a few percent of first visits
// on a loaded machine (extension/README.md; `make bench-extension` measures
// it). That test is marked todo on Chromium, so it runs and prints the count
// but does not fail the suite; on Firefox blocking webRequest closes the gap.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchExtension, startServer } from './harness.mjs';
import { runBeaconScenario } from './beacon-scenario.mjs';

describe('the blocked page never runs (Chromium)', () => {
  let server;
  let ext;
  let result;
  before(async () => {
    server = await startServer();
    ext = await launchExtension(server);
    result = await runBeaconScenario(ext, server, { per: 10, visits: 3 });
    const r = result;
    console.log(
      `# ${r.navigations} navigations: ${r.firstVisits} first visits (${r.firstVisitsReachingServer} reached the server, ` +
        `${r.ranPages.length} ran), ${r.navigations - r.firstVisits} repeats (${r.repeatRequests.length} requests, ` +
        `${r.ranOnRepeat.length} ran); ${r.beacons.length} beacon requests in all`,
    );
  });
  after(async () => {
    await ext?.close();
    await server?.close();
  });

  test('120 navigations were made, each ending on the warning page', () => {
    assert.equal(result.navigations, 120);
  });

  test('a URL that matched once is never requested again, and never runs', () => {
    assert.deepEqual(result.repeatRequests, []);
    assert.deepEqual(result.ranOnRepeat, []);
  });

  test(
    'a first visit never runs',
    { todo: 'a normal Chromium install has no blocking hook: the first request races the rules (policy.test.mjs covers installs by policy; extension/README.md)' },
    () => {
      assert.deepEqual(result.ranPages, []);
    },
  );
});
